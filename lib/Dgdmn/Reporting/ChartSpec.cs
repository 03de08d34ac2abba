namespace Dgdmn.Reporting;

/// <summary>
/// What a chart shows, as plain data. It is the only thing that crosses into the Plotly.NET load context
/// (serialised as JSON), so this file is compiled into both Dgdmn and Dgdmn.Charts.Plotly.
/// </summary>
internal sealed record ChartSpec
{
    /// <summary>"lines", "heatmap" or "bars".</summary>
    public string Kind { get; init; } = "lines";
    public string Title { get; init; } = "";
    public string XTitle { get; init; } = "";
    public string YTitle { get; init; } = "";
    public int Width { get; init; } = 700;
    public int Height { get; init; } = 450;
    /// <summary>Lines: one entry per line. Bars: one entry per bar group, X unused, Categories gives the keys.</summary>
    public SeriesSpec[] Series { get; init; } = [];
    /// <summary>Bars: category names along x.</summary>
    public string[]? Categories { get; init; }
    /// <summary>Heatmap: rows of values; NaN cells are left blank.</summary>
    public double[][]? Z { get; init; }
    public string[]? XLabels { get; init; }
    public string[]? YLabels { get; init; }
    /// <summary>Heatmap: .NET number format for the cell annotations.</summary>
    public string CellFormat { get; init; } = "0.00";
    public double? ZMin { get; init; }
    public double? ZMax { get; init; }
    /// <summary>Optional fixed y range [min, max].</summary>
    public double[]? YRange { get; init; }
}

/// <summary>One line or bar group of a <see cref="ChartSpec"/>.</summary>
internal sealed record SeriesSpec
{
    public string Name { get; init; } = "";
    public double[] X { get; init; } = [];
    public double[] Y { get; init; } = [];
    /// <summary>Symmetric error bars (e.g. SEM), same length as Y, or null.</summary>
    public double[]? Error { get; init; }
    public bool Dashed { get; init; }
}
