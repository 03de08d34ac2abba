using System.Text;
using Dgdmn.IO;

namespace Dgdmn.Reporting;

/// <summary>
/// A chart made by <see cref="Charts"/>. Notebooks (the kit's runner, VS Code Polyglot, Jupyter) display it as
/// interactive HTML with plotly.js inline, so it renders offline. Immutable; <c>With…</c> returns a new view.
/// </summary>
[TypeFormatterSource(typeof(HtmlFormatterSource), PreferredMimeTypes = ["text/html"])]
public sealed class ChartView : IHtmlDisplay
{
    private readonly ChartSpec _spec;
    private readonly Lazy<string> _json;
    private readonly Lazy<string> _html;

    internal ChartView(ChartSpec spec)
    {
        _spec = spec;
        _json = new(() => PlotlyHost.Render(_spec, "figure"));
        _html = new(() => PlotlyHost.Render(_spec, "fragment"));
    }

    /// <summary>The chart's title.</summary>
    public string Title => _spec.Title;

    /// <summary>Width in pixels (HTML and PNG).</summary>
    public int Width => _spec.Width;

    /// <summary>Height in pixels (HTML and PNG).</summary>
    public int Height => _spec.Height;

    /// <summary>The plotly.js figure as JSON: <c>{"data": [...], "layout": {...}, "frames": []}</c>.</summary>
    public string ToJson() => _json.Value;

    /// <summary>An HTML fragment (a div and scripts, plotly.js inline, about 3.6 MB) as notebooks display it.</summary>
    public string ToHtml() => _html.Value;

    /// <summary>A complete offline HTML page with plotly.js inline.</summary>
    public string ToHtmlDocument() => PlotlyHost.Render(_spec, "document");

    /// <summary>The same chart with another size in pixels.</summary>
    public ChartView WithSize(int width, int height)
    {
        if (width < 100 || height < 100) throw new ArgumentOutOfRangeException(nameof(width), $"Size {width}x{height} is below 100x100 pixels.");
        return new(_spec with { Width = width, Height = height });
    }

    /// <summary>The same chart with another title (e.g. a caption appended).</summary>
    public ChartView WithTitle(string title) => new(_spec with { Title = title ?? "" });

    /// <summary>The same chart with a fixed y range (e.g. 0..1 for accuracies).</summary>
    public ChartView WithYRange(double min, double max)
    {
        if (!(min < max)) throw new ArgumentException($"Y range [{min}, {max}] is empty; min must be below max.");
        return new(_spec with { YRange = [min, max] });
    }

    /// <summary>Writes <see cref="ToHtmlDocument"/> to <paramref name="path"/> atomically; works offline.</summary>
    public void SaveHtml(string path) => AtomicFile.WriteAllText(path, ToHtmlDocument());

    /// <summary>
    /// Renders the chart to a PNG of <see cref="Width"/> x <see cref="Height"/> pixels with headless Chromium
    /// (<c>/usr/bin/chromium</c>, or <c>DGDMN_CHROMIUM</c>); written atomically.
    /// </summary>
    /// <exception cref="FileNotFoundException">Chromium is not installed.</exception>
    public void SavePng(string path) => Chromium.Screenshot(PngPage(), Width, Height, path);

    /// <summary>The title, for plain-text displays.</summary>
    public override string ToString() => $"Chart: {Title}";

    // A bare page (no margins) so the screenshot is exactly the plot.
    private string PngPage() => new StringBuilder()
        .Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>html,body{margin:0;padding:0;background:#fff} .modebar{display:none !important}</style></head><body>")
        .Append(ToHtml()).Append("</body></html>").ToString();
}
