using Dgdmn.Experiments;
using Dgdmn.Notebooks;

namespace Dgdmn.Tests.Notebooks;

/// <summary>Notebook helpers: live progress text and the parameters that select dataset and request.</summary>
[Trait("Category", "Notebooks")]
public sealed class ExperimentNotebooksTests
{
    [Fact]
    public void EveryExperimentNotebookIsCovered() =>
        Assert.Equal(Enumerable.Range(0, 12).Select(i => i.ToString("00")), NotebookSuiteTests.NotebookNames().Select(n => n[..2]));

    [Fact]
    public void TheLessonsFolderHoldsOnlyLessonsAndTheyAvoidTheSettingsTrap()
    {
        var folder = Path.Combine(RepoPaths.Root, "notebooks");
        var files = Directory.GetFiles(folder, "*.ipynb").Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(NotebookSuiteTests.NotebookNames(), files);                 // nothing but NN-*.ipynb lessons
        Assert.True(File.Exists(RepoPaths.SmokeNotebook), $"The smoke notebook is missing: {RepoPaths.SmokeNotebook}");
        foreach (var file in files)
        {
            using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, file)));
            foreach (var cell in doc.RootElement.GetProperty("cells").EnumerateArray())
            {
                var source = string.Concat(cell.GetProperty("source").EnumerateArray().Select(l => l.GetString()));
                // Replacing an experiment's ConfigureMethods drops its own quick settings; Knobs compose on top of them.
                Assert.False(source.Contains("ConfigureMethods ="), $"{file} suggests 'ConfigureMethods = ...'; use new Knobs {{ ... }}.ApplyTo(...) instead:\n{source}");
                if (cell.TryGetProperty("outputs", out var outputs))
                    Assert.True(outputs.GetArrayLength() == 0, $"{file} is committed with outputs; clear them.");
            }
        }
    }

    [Fact]
    public void ProgressTextShowsFinishedUnitsAndThrottlesTheRest()
    {
        var shown = new List<string>();
        var progress = new ProgressText(shown.Add, TimeSpan.FromHours(1));
        progress.Report(new RunProgress(RunProgressKind.Epoch, "digits", "epoch 1", "nn", 1, Task: 0, Tasks: 10, UnitsDone: 0, Units: 2));
        progress.Report(new RunProgress(RunProgressKind.Epoch, "digits", "epoch 2", "nn", 1, Task: 0, Tasks: 10, UnitsDone: 0, Units: 2));
        progress.Report(new RunProgress(RunProgressKind.UnitFinished, "digits", "nn seed 1: done", "nn", 1, Task: 9, Tasks: 10, UnitsDone: 1, Units: 2));
        Assert.Equal(2, shown.Count);   // the first event, then the finished unit; epoch 2 falls inside the interval
        Assert.Contains("epoch 1", shown[0]);
        Assert.StartsWith("[##########..........] 1/2 units", shown[1]);
        Assert.Contains("task 10/10", shown[1]);
        Assert.Equal(shown[1], progress.Last);
    }

    [Fact]
    public void NotebookParametersSelectTheDatasetAndBuildTheRequest()
    {
        var p = new NotebookParameters { Seeds = 3, OutputDirectory = "/tmp/x", Dataset = Dgdmn.Data.DatasetKind.FashionMnist };
        var request = p.Request();
        Assert.Equal([1L, 2L, 3L], request.Seeds);
        Assert.Equal("/tmp/x", request.OutputRoot);
        Assert.Equal(Scale.Quick, request.Scale);
        Assert.Equal(Dgdmn.Data.DatasetKind.FashionMnist, request.Dataset);
        var digits = p.Experiment("digits");
        Assert.Equal(Dgdmn.Data.DatasetKind.FashionMnist, digits.StreamOptionsFor(Scale.Quick).Dataset);
        Assert.Equal(200, digits.StreamOptionsFor(Scale.Quick).TrainPerTask);   // the registry's caps stay
        Assert.Same(ExperimentRegistry.Get("digits"), (p with { Dataset = Dgdmn.Data.DatasetKind.Mnist }).Experiment("digits"));
    }
}

/// <summary>
/// Executes every numbered experiment notebook (notebooks/NN-*.ipynb) at quick scale with one seed in
/// the kit's runner: no cell may fail and each must show at least one chart. One case per notebook, so a failure
/// names it. The first case starts all notebooks in the background, DGDMN_NOTEBOOK_JOBS at a time (default: 2, or
/// 1 on a 1-core machine; each notebook uses one torch thread), and every case waits for its own. About 5 minutes
/// on 2 cores; the main job (`Dgdmn.Cli notebooks`) runs the same notebooks. Needs MNIST through DGDMN_MNIST_DIR.
/// </summary>
[Trait("Category", "NotebookSuite")]
[Collection(EnvironmentCollection.Name)]
public sealed class NotebookSuiteTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(15);
    private static readonly Lazy<IReadOnlyDictionary<string, Task<(int Code, string Output, string Work)>>> Runs = new(StartAll);

    /// <summary>Every numbered notebook, by file name.</summary>
    public static TheoryData<string> Notebooks() => new(NotebookNames());

    internal static List<string> NotebookNames() =>
        Directory.GetFiles(Path.Combine(RepoPaths.Root, "notebooks"), "*.ipynb").Select(Path.GetFileName).OfType<string>()
            .Where(n => n.Length > 3 && char.IsAsciiDigit(n[0]) && char.IsAsciiDigit(n[1]) && n[2] == '-')
            .Order(StringComparer.Ordinal).ToList();

    [Theory]
    [MemberData(nameof(Notebooks))]
    public async Task NotebookRunsAtQuickScaleAndShowsAChart(string notebook)
    {
        var mnist = Environment.GetEnvironmentVariable("DGDMN_MNIST_DIR");
        Assert.False(string.IsNullOrEmpty(mnist) || !Directory.Exists(mnist),
            $"DGDMN_MNIST_DIR='{mnist}' is not an MNIST folder; set it (e.g. export DGDMN_MNIST_DIR=/path/to/mnist-10k) to run the notebook tests.");
        var (code, output, work) = await Runs.Value[notebook];

        Assert.True(code == 0, $"{notebook}: Dgdmn.NbRun exited with {code}:\n{output}");
        var nb = ExecutedNotebook.Load(Path.Combine(work, notebook));
        Assert.Contains(Enumerable.Range(0, nb.CodeCells.Count), i => nb.Html(i).Contains("dgdmn-chart") || nb.Html(i).Contains("data:image/png"));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(work, "out"), "*.html").Concat(Directory.GetFiles(Path.Combine(work, "out"), "*.png")));
    }

    private static IReadOnlyDictionary<string, Task<(int, string, string)>> StartAll()
    {
        var jobs = int.TryParse(Environment.GetEnvironmentVariable("DGDMN_NOTEBOOK_JOBS"), out var j) && j > 0 ? j : Math.Clamp(Environment.ProcessorCount, 1, 2);
        var gate = new SemaphoreSlim(jobs);
        return NotebookNames().ToDictionary(n => n, n => Task.Run(async () =>
        {
            await gate.WaitAsync();
            try { return RunOne(n); }
            finally { gate.Release(); }
        }));
    }

    private static (int, string, string) RunOne(string notebook)
    {
        var work = RepoPaths.NewWorkDir(Path.GetFileNameWithoutExtension(notebook));
        var (code, output) = RepoPaths.Run("dotnet",
            [RepoPaths.NbRunDll(), Path.Combine(RepoPaths.Root, "notebooks", notebook), "--out", Path.Combine(work, notebook), "--timeout", Timeout.TotalSeconds.ToString("F0"),
             "-e", "DGDMN_SCALE=quick", "-e", "DGDMN_SEEDS=1", "-e", $"DGDMN_OUT={Path.Combine(work, "out")}"],
            RepoPaths.Root, Timeout + TimeSpan.FromMinutes(2));
        return (code, output, work);
    }
}
