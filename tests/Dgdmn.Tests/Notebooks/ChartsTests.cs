using System.Text.Json;
using Dgdmn.Reporting;

namespace Dgdmn.Tests.Notebooks;

public sealed class ChartsTests
{
    [Fact]
    public void LinesCarryEverySeriesAndDashReferenceLines()
    {
        var chart = Charts.Lines("acc", "task", "accuracy",
            ChartSeries.Of("DGDMN", [0.9, 0.8]) with { Error = [0.01, 0.02] },
            ChartSeries.Reference("paper", [1, 2], [0.95, 0.9]));
        using var figure = JsonDocument.Parse(chart.ToJson());
        var data = figure.RootElement.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(["DGDMN", "paper"], data.Select(d => d.GetProperty("name").GetString()));
        Assert.Equal("solid", data[0].GetProperty("line").GetProperty("dash").GetString());
        Assert.Equal("dash", data[1].GetProperty("line").GetProperty("dash").GetString());
        Assert.Equal([0.01, 0.02], data[0].GetProperty("error_y").GetProperty("array").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal("acc", figure.RootElement.GetProperty("layout").GetProperty("title").GetProperty("text").GetString());
    }

    [Fact]
    public void HeatmapWritesValuesAndLeavesNaNCellsBlank()
    {
        var chart = Charts.Heatmap(new[,] { { 0.9, double.NaN }, { 0.7, 0.8 } }, "R", cellFormat: "0.0");
        using var figure = JsonDocument.Parse(chart.ToJson());
        var trace = figure.RootElement.GetProperty("data")[0];
        Assert.Equal("heatmap", trace.GetProperty("type").GetString());
        Assert.Equal(0.9, trace.GetProperty("z")[0][0].GetDouble());
        Assert.NotEqual(JsonValueKind.Number, trace.GetProperty("z")[0][1].ValueKind);   // a gap, not a number
        var annotations = figure.RootElement.GetProperty("layout").GetProperty("annotations").EnumerateArray()
            .Select(a => a.GetProperty("text").GetString()).ToList();
        Assert.Contains("0.7", annotations);
        Assert.DoesNotContain("NaN", annotations);
    }

    [Fact]
    public void AccuracyMatrixHeatmapHasOneRowPerTrainedTask()
    {
        var r = new Dgdmn.Metrics.AccuracyMatrix([[0.9, 0.1, 0.2], [0.8, 0.95, 0.3]]);
        using var figure = JsonDocument.Parse(Charts.Heatmap(r, "R").ToJson());
        var z = figure.RootElement.GetProperty("data")[0].GetProperty("z");
        Assert.Equal(2, z.GetArrayLength());
        Assert.Equal(0.95, z[1][1].GetDouble());
    }

    [Fact]
    public void BarsNeedOneValuePerCategory()
    {
        var e = Assert.Throws<ArgumentException>(() => Charts.Bars("ACC", "method", "ACC", ["a", "b"], new BarSeries("digits", [0.5])));
        Assert.Contains("digits", e.Message);
        var e2 = Assert.Throws<ArgumentException>(() => Charts.Lines("t", "x", "y", new ChartSeries("s", [1, 2], [1])));
        Assert.Contains("'s'", e2.Message);
    }

    [Fact]
    public void HtmlIsSelfContainedAndSavedAtomically()
    {
        var chart = Charts.Bars("ACC", "method", "ACC", ["DGDMN", "EWC"], new BarSeries("digits", [0.9, 0.4]));
        var html = chart.ToHtml();
        Assert.Contains("plotly.js v2.", html);
        Assert.Contains("Plotly.newPlot(", html);
        Assert.DoesNotContain("src=\"https://cdn.plot.ly", html);
        var dir = Directory.CreateTempSubdirectory("dgdmn-charts-");
        try
        {
            var path = Path.Combine(dir.FullName, "sub", "acc.html");
            chart.SaveHtml(path);
            var page = File.ReadAllText(path);
            Assert.StartsWith("<!DOCTYPE html>", page.TrimStart());
            Assert.Contains("plotly.js v2.", page);
            Assert.DoesNotContain("src=\"https://cdn.plot.ly", page);
            Assert.Equal(["acc.html"], Directory.GetFiles(Path.Combine(dir.FullName, "sub")).Select(Path.GetFileName));   // no temp left
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public void PngExportRendersThroughChromium()
    {
        var dir = Directory.CreateTempSubdirectory("dgdmn-png-test-");
        try
        {
            var path = Path.Combine(dir.FullName, "lines.png");
            Charts.Line("loss", "step", "loss", [1, 2, 3], [3, 2, 1]).WithSize(400, 300).SavePng(path);
            var bytes = File.ReadAllBytes(path);
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, bytes[..4]);
            Assert.Equal(400, ReadBigEndian(bytes, 16));   // IHDR width
            Assert.Equal(300, ReadBigEndian(bytes, 20));   // IHDR height
            Assert.True(bytes.Length > 3000, $"PNG of {bytes.Length} bytes looks blank");
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public void ImageViewAcceptsOnlyPng()
    {
        Assert.Throws<ArgumentException>(() => Charts.Image([1, 2, 3]));
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0];
        var html = Charts.Image(png, "samples").ToHtml();
        Assert.Contains("data:image/png;base64,", html);
        Assert.Contains("samples", html);
    }

    private static int ReadBigEndian(byte[] b, int at) => (b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3];
}
