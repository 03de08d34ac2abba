using Dgdmn.Metrics;

namespace Dgdmn.Reporting;

/// <summary>
/// The kit's charts (Plotly.NET underneath). Each returns a <see cref="ChartView"/>, which notebooks display as
/// interactive HTML with plotly.js inline (no network), and which saves as HTML or PNG.
/// </summary>
public static class Charts
{
    /// <summary>One line.</summary>
    /// <param name="title">Chart title.</param>
    /// <param name="xTitle">X axis title.</param>
    /// <param name="yTitle">Y axis title.</param>
    /// <param name="x">X values.</param>
    /// <param name="y">Y values, same length as <paramref name="x"/>.</param>
    /// <param name="name">Legend entry.</param>
    public static ChartView Line(string title, string xTitle, string yTitle, IReadOnlyList<double> x, IReadOnlyList<double> y, string name = "") =>
        Lines(title, xTitle, yTitle, new ChartSeries(name, x, y));

    /// <summary>Several lines on shared axes; <see cref="ChartSeries.Reference"/> lines are dashed.</summary>
    /// <param name="title">Chart title.</param>
    /// <param name="xTitle">X axis title.</param>
    /// <param name="yTitle">Y axis title.</param>
    /// <param name="series">The lines, drawn in order.</param>
    public static ChartView Lines(string title, string xTitle, string yTitle, params ChartSeries[] series)
    {
        if (series.Length == 0) throw new ArgumentException("Lines needs at least one series.", nameof(series));
        return new ChartView(new ChartSpec
        {
            Kind = "lines", Title = title, XTitle = xTitle, YTitle = yTitle,
            Series = series.Select(s => s.ToSpec()).ToArray(),
        });
    }

    /// <summary>Several lines on shared axes; <see cref="ChartSeries.Reference"/> lines are dashed.</summary>
    public static ChartView Lines(string title, string xTitle, string yTitle, IEnumerable<ChartSeries> series) =>
        Lines(title, xTitle, yTitle, series.ToArray());

    /// <summary>
    /// A matrix as coloured cells with their values written in, rows top to bottom. For an accuracy matrix R,
    /// row i is "after training task i" and column j "accuracy on task j"; NaN cells (tasks not seen yet) stay blank.
    /// </summary>
    /// <param name="values">[rows, columns] values; NaN for blank cells.</param>
    /// <param name="title">Chart title.</param>
    /// <param name="xTitle">Column axis title.</param>
    /// <param name="yTitle">Row axis title.</param>
    /// <param name="xLabels">Column labels (default 1, 2, ...).</param>
    /// <param name="yLabels">Row labels (default 1, 2, ...).</param>
    /// <param name="cellFormat">.NET number format of the written values (default "0.00").</param>
    public static ChartView Heatmap(double[,] values, string title, string xTitle = "evaluated on task", string yTitle = "after training task",
        IReadOnlyList<string>? xLabels = null, IReadOnlyList<string>? yLabels = null, string cellFormat = "0.00")
    {
        int rows = values.GetLength(0), cols = values.GetLength(1);
        if (rows == 0 || cols == 0) throw new ArgumentException("Heatmap needs at least one row and one column.", nameof(values));
        if (xLabels is not null && xLabels.Count != cols)
            throw new ArgumentException($"xLabels has {xLabels.Count} entries for {cols} columns.", nameof(xLabels));
        if (yLabels is not null && yLabels.Count != rows)
            throw new ArgumentException($"yLabels has {yLabels.Count} entries for {rows} rows.", nameof(yLabels));
        var z = Enumerable.Range(0, rows).Select(i => Enumerable.Range(0, cols).Select(j => values[i, j]).ToArray()).ToArray();
        return new ChartView(new ChartSpec
        {
            Kind = "heatmap", Title = title, XTitle = xTitle, YTitle = yTitle, Z = z,
            XLabels = xLabels?.ToArray(), YLabels = yLabels?.ToArray(), CellFormat = cellFormat,
            Width = Math.Clamp(160 + 70 * cols, 420, 1000), Height = Math.Clamp(140 + 50 * rows, 360, 900),
        });
    }

    /// <summary>An accuracy matrix R (paper §1.3): row t "after training task t+1", column i "task i+1", values written in.</summary>
    /// <param name="accuracy">The matrix; a partial run shows only its trained rows.</param>
    /// <param name="title">Chart title.</param>
    public static ChartView Heatmap(AccuracyMatrix accuracy, string title)
    {
        ArgumentNullException.ThrowIfNull(accuracy);
        var values = new double[accuracy.TrainedTasks, accuracy.Tasks];
        for (var t = 0; t < accuracy.TrainedTasks; t++)
            for (var i = 0; i < accuracy.Tasks; i++) values[t, i] = accuracy[t, i];
        return Heatmap(values, title);
    }

    /// <summary>Grouped bars: one bar per category for each series (e.g. ACC per method, one series per dataset).</summary>
    /// <param name="title">Chart title.</param>
    /// <param name="xTitle">Category axis title.</param>
    /// <param name="yTitle">Value axis title.</param>
    /// <param name="categories">Category names along x.</param>
    /// <param name="series">Bar groups, each with one value per category.</param>
    public static ChartView Bars(string title, string xTitle, string yTitle, IReadOnlyList<string> categories, params BarSeries[] series)
    {
        if (categories.Count == 0) throw new ArgumentException("Bars needs at least one category.", nameof(categories));
        if (series.Length == 0) throw new ArgumentException("Bars needs at least one series.", nameof(series));
        return new ChartView(new ChartSpec
        {
            Kind = "bars", Title = title, XTitle = xTitle, YTitle = yTitle, Categories = categories.ToArray(),
            Series = series.Select(s => s.ToSpec(categories.Count)).ToArray(),
        });
    }

    /// <summary>A PNG image (e.g. a grid of generated samples) that notebooks display inline.</summary>
    /// <param name="png">PNG file bytes.</param>
    /// <param name="title">Caption shown above the image.</param>
    public static ImageView Image(byte[] png, string title = "") => new(png, title);
}
