using Dgdmn.Reporting;
using Microsoft.Data.Analysis;
using Dgdmn.Experiments;

namespace Dgdmn.Notebooks;

/// <summary>
/// Saves what a notebook shows into its output folder (<see cref="NotebookParameters.OutputDirectory"/>) and
/// returns it, so a cell can end on <c>Figures.AverageSoFar(result).SaveTo(p, "fig4b-average")</c> and display it.
/// </summary>
public static class NotebookFiles
{
    /// <summary>Writes <c>name.html</c> (offline) and, when Chromium is installed, <c>name.png</c>; returns the chart.</summary>
    /// <param name="chart">The chart.</param>
    /// <param name="parameters">The notebook's parameters (output folder).</param>
    /// <param name="name">File name without extension, e.g. "fig4b-average-so-far".</param>
    public static ChartView SaveTo(this ChartView chart, NotebookParameters parameters, string name)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var path = PathOf(parameters, name);
        chart.SaveHtml(path + ".html");
        try { chart.SavePng(path + ".png"); }
        catch (FileNotFoundException) { /* no Chromium: the HTML is the figure */ }
        return chart;
    }

    /// <summary>Writes <c>name.png</c>; returns the image.</summary>
    public static ImageView SaveTo(this ImageView image, NotebookParameters parameters, string name)
    {
        ArgumentNullException.ThrowIfNull(image);
        image.SavePng(PathOf(parameters, name) + ".png");
        return image;
    }

    /// <summary>Writes <c>name.csv</c> (invariant culture); returns the table.</summary>
    public static DataFrame SaveTo(this DataFrame frame, NotebookParameters parameters, string name)
    {
        ArgumentNullException.ThrowIfNull(frame);
        Tables.SaveCsv(frame, PathOf(parameters, name) + ".csv");
        return frame;
    }

    private static string PathOf(NotebookParameters parameters, string name)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (string.IsNullOrWhiteSpace(name) || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name.Contains('.'))
            throw new ArgumentException($"'{name}' is not a plain file name (no folder, no extension); e.g. \"fig4b-average\".", nameof(name));
        Directory.CreateDirectory(parameters.OutputDirectory);
        return Path.Combine(parameters.OutputDirectory, name);
    }
}
