using System.Text.Json;

namespace Dgdmn.Tests.Notebooks;

/// <summary>
/// Runs tests/Dgdmn.Tests/Notebooks/smoke.ipynb (not a lesson, so not in notebooks/) in the kit's runner
/// (Dgdmn.NbRun) and in Jupyter with the dotnet-interactive kernel, the two hosts the kit supports. Both use the notebook's own setup cell, which publishes the kit into
/// artifacts/kit/&lt;hash&gt; on the first run. Sequential (one class) so two kernels do not share the 2 cores.
/// </summary>
[Trait("Category", "Notebooks")]
[Collection(EnvironmentCollection.Name)]
public sealed class SmokeNotebookTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    [Fact]
    public void SmokeNotebookRunsInTheKitRunnerWithOfflineChart()
    {
        var work = RepoPaths.NewWorkDir("nbrun");
        var executed = Path.Combine(work, "smoke.ipynb");
        var results = Path.Combine(work, "results.json");
        var outDir = Path.Combine(work, "out");
        var (code, output) = RepoPaths.Run("dotnet",
            [RepoPaths.NbRunDll(), RepoPaths.SmokeNotebook, "--out", executed, "--results", results, "--timeout", "600", "-e", $"DGDMN_OUT={outDir}"],
            RepoPaths.Root, Timeout);

        Assert.True(code == 0, $"Dgdmn.NbRun exited with {code}:\n{output}");
        Assert.Contains("5 passed, 0 failed", output);
        using (var doc = JsonDocument.Parse(File.ReadAllText(results)))
        {
            var cells = doc.RootElement.GetProperty("Cells").EnumerateArray().ToList();
            Assert.Equal(5, cells.Count);
            Assert.All(cells, c => Assert.True(c.GetProperty("Passed").GetBoolean(), c.GetRawText()));
        }
        AssertSmokeOutputs(ExecutedNotebook.Load(executed), outDir);
        AssertHtmlPageRendersOffline(executed, work);
    }

    // The main job's HTML page of an executed notebook (nbconvert) draws its chart in headless Chromium with every
    // network request refused: readable without a kernel and without the internet.
    private static void AssertHtmlPageRendersOffline(string executed, string work)
    {
        var page = Dgdmn.Cli.NotebookHtml.Export(executed, Path.Combine(work, "html"));
        var dom = Dgdmn.Reporting.Chromium.DumpDom(page);
        Assert.Contains("main-svg", dom);                             // Plotly drew the chart's SVG
        var png = Path.Combine(work, "page.png");
        Dgdmn.Reporting.Chromium.ScreenshotFile(page, 1000, 1400, png);
        using var bitmap = SkiaSharp.SKBitmap.Decode(png);
        int inked = 0;
        for (int y = 0; y < bitmap.Height; y += 4)
            for (int x = 0; x < bitmap.Width; x += 4)
                if (bitmap.GetPixel(x, y) is var c && c.Red + c.Green + c.Blue < 600) inked++;
        Assert.True(inked > bitmap.Width * bitmap.Height / 16 / 100, $"The screenshot of '{page}' is nearly blank ({inked} dark samples).");
        var index = Dgdmn.Cli.NotebookHtml.WriteIndex(work, "smoke", [new("smoke", true, 1, Path.GetRelativePath(work, page), "smoke.ipynb")]);
        Assert.Contains("href=\"html/smoke.html\"", File.ReadAllText(index));
    }

    [Fact]
    public void SmokeNotebookRunsInJupyterWithTheDotnetInteractiveKernel()
    {
        var jupyter = JupyterKernel.Install();
        var work = RepoPaths.NewWorkDir("jupyter");
        var outDir = Path.Combine(work, "out");
        var env = new Dictionary<string, string>(jupyter.Environment) { ["DGDMN_OUT"] = outDir };
        var (code, output) = RepoPaths.Run(JupyterKernel.JupyterExe,
            ["nbconvert", "--to", "notebook", "--execute", RepoPaths.SmokeNotebook, "--output-dir", work, "--output", "smoke.ipynb",
             "--ExecutePreprocessor.timeout=600"],
            RepoPaths.Root, Timeout, env);

        Assert.True(code == 0, $"jupyter nbconvert --execute exited with {code} (it stops at the first failing cell):\n{output}");
        AssertSmokeOutputs(ExecutedNotebook.Load(Path.Combine(work, "smoke.ipynb")), outDir);
    }

    private static void AssertSmokeOutputs(ExecutedNotebook nb, string outDir)
    {
        Assert.Equal(5, nb.CodeCells.Count);
        Assert.Contains("DGDMN kit:", nb.AllText(0));
        Assert.Contains(outDir, nb.AllText(1));                       // DGDMN_OUT reached the parameters cell
        Assert.Contains("output 4x2, threads 1, finite True", nb.AllText(2));
        Assert.Contains("<table", nb.Html(3));                        // DataFrame as an HTML table
        Assert.Contains("DGDMN", nb.Html(3));
        var chart = nb.Html(4);
        Assert.Contains("dgdmn-chart", chart);
        Assert.Contains("Plotly.newPlot(", chart);
        Assert.Contains("plotly.js v2.", chart);                      // plotly.js inline ...
        Assert.DoesNotContain("src=\"https://cdn.plot.ly", chart);    // ... never from the CDN
        Assert.DoesNotContain("require.config", chart);
    }
}
