using System.Globalization;
using Microsoft.Data.Analysis;

namespace Dgdmn.Reporting;

/// <summary>Result tables as people read them: rounded, with each mean and its SEM in one column.</summary>
public static class DisplayTable
{
    /// <summary>
    /// A copy of <paramref name="frame"/> for display: every pair <c>x</c> (or <c>x_mean</c>) and <c>x_sem</c> becomes
    /// one text column <c>x</c> reading "0.374 ± 0.019"; other numbers are rounded to <paramref name="decimals"/>
    /// decimals; NaN shows as "–". A row whose <c>seeds</c> column is 1 shows its mean alone: one seed measures no
    /// SEM, so "± 0.000" would claim a precision it does not have. Save the original (e.g. with <c>SaveTo</c>) to keep
    /// every digit.
    /// </summary>
    /// <param name="frame">A table of the kit, e.g. <see cref="Figures.AccBwtTable"/> or <c>RunResult.SummaryFrame()</c>.</param>
    /// <param name="decimals">Decimals shown (default 3).</param>
    public static DataFrame Rounded(DataFrame frame, int decimals = 3)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (decimals is < 0 or > 15) throw new ArgumentOutOfRangeException(nameof(decimals), decimals, "Show 0 to 15 decimals.");
        var names = frame.Columns.Select(c => c.Name).ToHashSet();
        var seeds = frame.Columns.FirstOrDefault(c => c.Name == "seeds" && c.IsNumericColumn());
        bool OneSeed(long row) => seeds?[row] is { } n && Convert.ToDouble(n, CultureInfo.InvariantCulture) == 1;
        var result = new List<DataFrameColumn>();
        foreach (var column in frame.Columns)
        {
            var name = column.Name;
            if (name.EndsWith("_sem", StringComparison.Ordinal) && (names.Contains(name[..^4]) || names.Contains(name[..^4] + "_mean"))) continue;
            if (column is not PrimitiveDataFrameColumn<double> values) { result.Add(column.Clone()); continue; }
            // Result tables store every cell as a double; a seed is a whole number and reads as one.
            if (name is "seed" or "seeds" && values.All(v => v is null || double.IsNaN(v.Value) || v == Math.Floor(v.Value)))
            {
                result.Add(new StringDataFrameColumn(name, values.Select(v => Number(v, 0))));
                continue;
            }
            var stem = name.EndsWith("_mean", StringComparison.Ordinal) ? name[..^5] : name;
            var sem = frame.Columns.FirstOrDefault(c => c.Name == stem + "_sem") as PrimitiveDataFrameColumn<double>;
            var text = new string[values.Length];
            for (long i = 0; i < values.Length; i++)
                text[i] = sem is null || OneSeed(i) ? Number(values[i], decimals) : $"{Number(values[i], decimals)} ± {Number(sem[i], decimals)}";
            result.Add(new StringDataFrameColumn(sem is null ? name : stem, text));
        }
        return new DataFrame(result);
    }

    private static string Number(double? value, int decimals) =>
        value is not { } v || double.IsNaN(v) ? "–" : v.ToString("F" + decimals, CultureInfo.InvariantCulture);
}
