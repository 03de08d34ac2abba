using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dgdmn.Reporting;
using Microsoft.FSharp.Core;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;
using DisplayOptions = global::Plotly.NET.DisplayOptions;
using Error = global::Plotly.NET.TraceObjects.Error;
using GenericChart = global::Plotly.NET.GenericChart;
using PChart = global::Plotly.NET.Chart;
using PlotlyJSReference = global::Plotly.NET.PlotlyJSReference;
using StyleParam = global::Plotly.NET.StyleParam;

namespace Dgdmn.Charts.Plotly;

/// <summary>
/// Entry point called by Dgdmn across the load-context boundary: chart spec JSON in, figure JSON or HTML out.
/// Only strings cross, so no Plotly.NET or FSharp.Core type reaches the caller's context.
/// </summary>
public static class PlotlyRenderer
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>
    /// Renders a chart. <paramref name="format"/>: "figure" (plotly figure JSON), "fragment" (a div and scripts with
    /// plotly.js inline, for notebook outputs) or "document" (a full offline HTML page).
    /// </summary>
    public static string Render(string specJson, string format)
    {
        var spec = JsonSerializer.Deserialize<ChartSpec>(specJson, Json)
                   ?? throw new ArgumentException("Chart spec JSON is empty.", nameof(specJson));
        var chart = Build(spec);
        return format switch
        {
            "figure" => GenericChart.toFigureJson(chart),
            "fragment" => Fragment(chart),
            "document" => GenericChart.toEmbeddedHTML(Offline(chart)),
            _ => throw new ArgumentException($"Unknown format '{format}': use figure, fragment or document.", nameof(format)),
        };
    }

    private static readonly Lazy<string> PlotlyJs = new(ReadPlotlyJs);

    // A self-contained notebook output: plotly.js inline, then the chart. The loader hides AMD/CommonJS globals so
    // plotly.js sets window.Plotly even where require.js is on the page (classic Jupyter), and skips re-running
    // plotly.js when an earlier output already did.
    private static string Fragment(GenericChart chart) =>
        "<div class=\"dgdmn-chart\"><script type=\"text/javascript\">(function(){if(window.Plotly)return;var define,module,exports;\n"
        + PlotlyJs.Value + "\n}).call(window);</script>" + GenericChart.toChartHTML(chart) + "</div>";

    private static string ReadPlotlyJs()
    {
        var assembly = typeof(GenericChart).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.StartsWith("Plotly.NET.plotly-", StringComparison.Ordinal) && n.EndsWith(".min.js", StringComparison.Ordinal));
        using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
        // A literal "</script>" inside the inline code would end the script element early.
        return reader.ReadToEnd().Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase);
    }

    private static GenericChart Offline(GenericChart chart)
    {
        // Full = plotly.js inline; the kit's charts must render without network access.
        var opts = DisplayOptions.init(DocumentTitle: null, DocumentCharset: null, DocumentDescription: null, DocumentFavicon: null,
            AdditionalHeadTags: null, ChartDescription: null, PlotlyJSReference: Some(PlotlyJSReference.Full));
        return GenericChart.setDisplayOptions(opts, chart);
    }

    private static GenericChart Build(ChartSpec spec)
    {
        var chart = spec.Kind switch
        {
            "lines" => Lines(spec),
            "bars" => Bars(spec),
            "heatmap" => Heatmap(spec),
            _ => throw new ArgumentException($"Unknown chart kind '{spec.Kind}'."),
        };
        chart = PChart.withTitle(spec.Title, null).Invoke(chart);
        chart = PChart.withSize((double)spec.Width, (double)spec.Height).Invoke(chart);
        chart = chart.WithXAxisStyle<double, double, string>(TitleText: spec.XTitle);
        chart = spec.YRange is { Length: 2 } r
            ? chart.WithYAxisStyle<double, double, string>(TitleText: spec.YTitle, MinMax: Tuple.Create(r[0], r[1]))
            : chart.WithYAxisStyle<double, double, string>(TitleText: spec.YTitle);
        return chart;
    }

    private static GenericChart Lines(ChartSpec spec)
    {
        var traces = spec.Series.Select(s =>
        {
            var c = Chart.Line<double, double, string>(s.X, s.Y, ShowMarkers: true, Name: s.Name,
                LineDash: s.Dashed ? StyleParam.DrawingStyle.Dash : StyleParam.DrawingStyle.Solid);
            return s.Error is null ? c : PChart.withYError(ErrorBars(s.Error)).Invoke(c);
        });
        return Chart.Combine(traces);
    }

    private static GenericChart Bars(ChartSpec spec)
    {
        var keys = spec.Categories ?? [];
        var traces = spec.Series.Select(s =>
        {
            var c = Chart.Column<double, string, string>(s.Y, Keys: keys, Name: s.Name);
            return s.Error is null ? c : PChart.withYError(ErrorBars(s.Error)).Invoke(c);
        });
        return Chart.Combine(traces);
    }

    private static GenericChart Heatmap(ChartSpec spec)
    {
        var z = spec.Z ?? throw new ArgumentException("A heatmap spec needs Z.");
        var text = z.Select(row => row.Select(v => double.IsNaN(v) ? "" : v.ToString(spec.CellFormat, CultureInfo.InvariantCulture)));
        var rows = z.Length;
        var cols = rows == 0 ? 0 : z[0].Length;
        var x = spec.XLabels ?? Enumerable.Range(1, cols).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        var y = spec.YLabels ?? Enumerable.Range(1, rows).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        var chart = Chart.AnnotatedHeatmap<double, string, string, string>(z, text, X: x, Y: y,
            ColorScale: StyleParam.Colorscale.Viridis, ReverseYAxis: true);
        return chart;
    }

    private static Error ErrorBars(double[] values) =>
        Error.init<double, double>(Visible: Some(true), Type: null, Symmetric: Some(true), Array: Some<IEnumerable<double>>(values),
            Arrayminus: null, ArrayEncoded: null, ArrayminusEncoded: null, Value: null, Valueminus: null, Traceref: null,
            Tracerefminus: null, Copy_ystyle: null, Color: null, Thickness: null, Width: null);

    private static FSharpOption<T> Some<T>(T value) => FSharpOption<T>.Some(value);
}
