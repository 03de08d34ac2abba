namespace Dgdmn.Reporting;

/// <summary>One line of a <see cref="Charts.Lines(string, string, string, ChartSeries[])"/> chart.</summary>
/// <param name="Name">Legend entry.</param>
/// <param name="X">X values, same length as <paramref name="Y"/>.</param>
/// <param name="Y">Y values; NaN leaves a gap.</param>
public sealed record ChartSeries(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y)
{
    /// <summary>Symmetric error bars (e.g. the SEM over seeds), same length as <see cref="Y"/>; null for none.</summary>
    public IReadOnlyList<double>? Error { get; init; }

    /// <summary>Drawn dashed: a reference such as the paper's reported curve or an upper bound (joint training).</summary>
    public bool Dashed { get; init; }

    /// <summary>A dashed reference line (the paper's numbers, an upper bound).</summary>
    public static ChartSeries Reference(string name, IReadOnlyList<double> x, IReadOnlyList<double> y) =>
        new(name, x, y) { Dashed = true };

    /// <summary>A line at x = 1, 2, ... (e.g. accuracy after each task).</summary>
    public static ChartSeries Of(string name, IReadOnlyList<double> y) =>
        new(name, Enumerable.Range(1, y.Count).Select(i => (double)i).ToArray(), y);

    internal SeriesSpec ToSpec()
    {
        if (X.Count != Y.Count)
            throw new ArgumentException($"Series '{Name}': X has {X.Count} values but Y has {Y.Count}; give one x per y.");
        if (Error is not null && Error.Count != Y.Count)
            throw new ArgumentException($"Series '{Name}': Error has {Error.Count} values but Y has {Y.Count}.");
        return new SeriesSpec { Name = Name, X = X.ToArray(), Y = Y.ToArray(), Error = Error?.ToArray(), Dashed = Dashed };
    }
}
