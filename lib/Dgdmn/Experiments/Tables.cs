using System.Globalization;
using System.Text;
using Microsoft.Data.Analysis;
using Dgdmn.IO;

namespace Dgdmn.Experiments;

/// <summary>
/// Result tables as DataFrames (Microsoft.Data.Analysis) and CSV files: the long-format accuracy table, the
/// summary, per-task timings and extra tables. CSV is written atomically with invariant culture and read back
/// with explicit column types, so a save/load round trip keeps every value.
/// </summary>
public static class Tables
{
    /// <summary>Columns of the long-format accuracy table, in file order (scripts depend on them).</summary>
    public static readonly IReadOnlyList<string> AccuracyColumns = ["experiment", "method", "seed", "after_task", "task", "accuracy"];

    /// <summary>Columns of the summary table, in file order (scripts depend on them).</summary>
    public static readonly IReadOnlyList<string> SummaryColumns = ["experiment", "method", "acc_mean", "acc_sem", "bwt_mean", "bwt_sem", "train_seconds"];

    /// <summary>Columns of the per-task timing table, in file order.</summary>
    public static readonly IReadOnlyList<string> TimingColumns = ["experiment", "method", "seed", "task", "train_seconds", "sleep_seconds", "slept", "epochs", "samples"];

    private static readonly Type[] AccuracyTypes = [typeof(string), typeof(string), typeof(long), typeof(int), typeof(int), typeof(double)];
    private static readonly Type[] SummaryTypes = [typeof(string), typeof(string), typeof(double), typeof(double), typeof(double), typeof(double), typeof(double)];
    private static readonly Type[] TimingTypes = [typeof(string), typeof(string), typeof(long), typeof(int), typeof(double), typeof(double), typeof(bool), typeof(int), typeof(long)];

    /// <summary>Long-format accuracy DataFrame (<see cref="AccuracyColumns"/>).</summary>
    public static DataFrame ToDataFrame(IEnumerable<AccuracyRecord> records)
    {
        var r = records.ToList();
        return new DataFrame(
            new StringDataFrameColumn("experiment", r.Select(a => a.Experiment)),
            new StringDataFrameColumn("method", r.Select(a => a.Label)),
            new Int64DataFrameColumn("seed", r.Select(a => a.Seed)),
            new Int32DataFrameColumn("after_task", r.Select(a => a.AfterTask)),
            new Int32DataFrameColumn("task", r.Select(a => a.Task)),
            new DoubleDataFrameColumn("accuracy", r.Select(a => a.Accuracy)));
    }

    /// <summary>Summary DataFrame (<see cref="SummaryColumns"/>).</summary>
    public static DataFrame ToDataFrame(IEnumerable<SummaryRow> rows)
    {
        var r = rows.ToList();
        return new DataFrame(
            new StringDataFrameColumn("experiment", r.Select(s => s.Experiment)),
            new StringDataFrameColumn("method", r.Select(s => s.Label)),
            new DoubleDataFrameColumn("acc_mean", r.Select(s => s.AccMean)),
            new DoubleDataFrameColumn("acc_sem", r.Select(s => s.AccSem)),
            new DoubleDataFrameColumn("bwt_mean", r.Select(s => s.BwtMean)),
            new DoubleDataFrameColumn("bwt_sem", r.Select(s => s.BwtSem)),
            new DoubleDataFrameColumn("train_seconds", r.Select(s => s.TrainSeconds)));
    }

    /// <summary>Per-task timing DataFrame (<see cref="TimingColumns"/>).</summary>
    public static DataFrame ToDataFrame(IEnumerable<TaskTiming> timings)
    {
        var r = timings.ToList();
        return new DataFrame(
            new StringDataFrameColumn("experiment", r.Select(t => t.Experiment)),
            new StringDataFrameColumn("method", r.Select(t => t.Label)),
            new Int64DataFrameColumn("seed", r.Select(t => t.Seed)),
            new Int32DataFrameColumn("task", r.Select(t => t.Task)),
            new DoubleDataFrameColumn("train_seconds", r.Select(t => t.TrainSeconds)),
            new DoubleDataFrameColumn("sleep_seconds", r.Select(t => t.SleepSeconds)),
            new BooleanDataFrameColumn("slept", r.Select(t => t.Slept)),
            new Int32DataFrameColumn("epochs", r.Select(t => t.Epochs)),
            new Int64DataFrameColumn("samples", r.Select(t => t.Samples)));
    }

    /// <summary>An extra result table as a DataFrame (numeric columns as double, text columns as string).</summary>
    public static DataFrame ToDataFrame(ResultTable table)
    {
        table.Validated();
        return new DataFrame(table.Columns.Select(c => c.Numbers is not null
            ? (DataFrameColumn)new DoubleDataFrameColumn(c.Name, c.Numbers)
            : new StringDataFrameColumn(c.Name, c.Texts!)));
    }

    /// <summary>
    /// Accuracy records from a long-format DataFrame. Its "method" column holds the method label
    /// (<see cref="UnitKey.Label"/>), so a variant's rows come back with the whole label as their method.
    /// </summary>
    /// <remarks>As built by <see cref="ToDataFrame(IEnumerable{AccuracyRecord})"/> or <see cref="LoadAccuracyCsv"/>.</remarks>
    public static IReadOnlyList<AccuracyRecord> ToAccuracyRecords(DataFrame frame)
    {
        RequireColumns(frame, AccuracyColumns, "accuracy table");
        return frame.Rows.Select(row => new AccuracyRecord(
            (string)row["experiment"], (string)row["method"], Convert.ToInt64(row["seed"], CultureInfo.InvariantCulture),
            Convert.ToInt32(row["after_task"], CultureInfo.InvariantCulture), Convert.ToInt32(row["task"], CultureInfo.InvariantCulture),
            Convert.ToDouble(row["accuracy"], CultureInfo.InvariantCulture))).ToList();
    }

    /// <summary>Per-task timings from a DataFrame (as built by <see cref="ToDataFrame(IEnumerable{TaskTiming})"/> or <see cref="LoadTimingsCsv"/>).</summary>
    public static IReadOnlyList<TaskTiming> ToTimings(DataFrame frame)
    {
        RequireColumns(frame, TimingColumns, "timing table");
        return frame.Rows.Select(row => new TaskTiming(
            (string)row["experiment"], (string)row["method"], Convert.ToInt64(row["seed"], CultureInfo.InvariantCulture),
            Convert.ToInt32(row["task"], CultureInfo.InvariantCulture), Convert.ToDouble(row["train_seconds"], CultureInfo.InvariantCulture),
            Convert.ToDouble(row["sleep_seconds"], CultureInfo.InvariantCulture), Convert.ToBoolean(row["slept"], CultureInfo.InvariantCulture),
            Convert.ToInt32(row["epochs"], CultureInfo.InvariantCulture), Convert.ToInt64(row["samples"], CultureInfo.InvariantCulture))).ToList();
    }

    /// <summary>Writes <paramref name="frame"/> as comma-separated CSV with a header, invariant culture, atomically.</summary>
    public static void SaveCsv(DataFrame frame, string path) => AtomicFile.Write(path, temp => WriteCsv(frame, temp));

    /// <summary>Writes <paramref name="frame"/> as CSV straight to <paramref name="path"/> (for writers that stage files atomically themselves).</summary>
    public static void WriteCsv(DataFrame frame, string path) =>
        DataFrame.SaveCsv(frame, path, ',', header: true, encoding: new UTF8Encoding(false), cultureInfo: CultureInfo.InvariantCulture);

    /// <summary>Loads an accuracy.csv with its exact columns and types.</summary>
    /// <exception cref="InvalidDataException">Missing file or columns differing from <see cref="AccuracyColumns"/>.</exception>
    public static DataFrame LoadAccuracyCsv(string path) => LoadCsv(path, AccuracyColumns, AccuracyTypes, "accuracy table");

    /// <summary>Loads a summary.csv with its exact columns and types.</summary>
    public static DataFrame LoadSummaryCsv(string path) => LoadCsv(path, SummaryColumns, SummaryTypes, "summary table");

    /// <summary>Loads a times.csv with its exact columns and types.</summary>
    public static DataFrame LoadTimingsCsv(string path) => LoadCsv(path, TimingColumns, TimingTypes, "timing table");

    /// <summary>
    /// A DataFrame as an aligned plain-text table: text left-aligned, numbers right-aligned with
    /// <paramref name="decimals"/> decimals.
    /// </summary>
    public static string Format(DataFrame frame, int decimals = 3)
    {
        var columns = frame.Columns.ToList();
        var cells = new List<string[]> { columns.Select(c => c.Name).ToArray() };
        foreach (var row in frame.Rows)
            cells.Add(columns.Select((c, j) => FormatCell(row[j], decimals)).ToArray());
        var widths = columns.Select((_, j) => cells.Max(r => r[j].Length)).ToArray();
        var numeric = columns.Select(c => c.DataType != typeof(string) && c.DataType != typeof(bool)).ToArray();
        var sb = new StringBuilder();
        foreach (var r in cells)
            sb.AppendLine(string.Join("  ", r.Select((cell, j) => numeric[j] ? cell.PadLeft(widths[j]) : cell.PadRight(widths[j]))).TrimEnd());
        return sb.ToString();
    }

    private static string FormatCell(object? value, int decimals) => value switch
    {
        null => "",
        double d when double.IsNaN(d) => "NaN",
        double d => d.ToString("F" + decimals, CultureInfo.InvariantCulture),
        float f => f.ToString("F" + decimals, CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static DataFrame LoadCsv(string path, IReadOnlyList<string> columns, Type[] types, string what)
    {
        if (!File.Exists(path)) throw new InvalidDataException($"The {what} '{path}' does not exist. Run the experiment first (Dgdmn.Cli run ...).");
        var header = File.ReadLines(path).FirstOrDefault() ?? "";
        var found = header.Split(',');
        if (!found.SequenceEqual(columns))
            throw new InvalidDataException($"The {what} '{path}' has columns [{header}]; expected exactly [{string.Join(',', columns)}].");
        return DataFrame.LoadCsv(path, ',', header: true, columnNames: null, dataTypes: types, numRows: -1, guessRows: 10,
            addIndexColumn: false, encoding: Encoding.UTF8, renameDuplicatedColumns: false, cultureInfo: CultureInfo.InvariantCulture);
    }

    private static void RequireColumns(DataFrame frame, IReadOnlyList<string> columns, string what)
    {
        var names = frame.Columns.Select(c => c.Name).ToList();
        var missing = columns.Where(c => !names.Contains(c)).ToList();
        if (missing.Count > 0)
            throw new InvalidDataException($"The {what} lacks column(s) {string.Join(", ", missing)}; expected {string.Join(", ", columns)}.");
    }
}
