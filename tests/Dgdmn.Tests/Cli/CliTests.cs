using Dgdmn.Cli;
using Dgdmn.Experiments;
using Dgdmn.Reporting;
using Dgdmn.Tests.Experiments;

namespace Dgdmn.Tests.Cli;

public sealed class CliTests
{
    private static (int Code, string Out, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = CliApp.Run(args, new CliEnvironment(output, error, Runner: Fakes.Runner(new LearnLog())));
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void ListPrintsOneExperimentPerLine()
    {
        var (code, output, _) = Run("list");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(ExperimentRegistry.Names, output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void UnknownExperimentFailsListingTheValidNames()
    {
        var (code, _, error) = Run("run", "digitz", "--out", Fakes.TempFolder());
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("digitz", error);
        Assert.Contains("permnist", error);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Theory]
    [InlineData("--scale", "huge")]
    [InlineData("--seeds", "0")]
    [InlineData("--seeds", "two")]
    [InlineData("--methods", "nn,magic")]
    [InlineData("--dataset", "cifar")]
    public void BadOptionsFailWithAUsageError(string option, string value)
    {
        var (code, _, error) = Run("run", "digits", option, value, "--out", Fakes.TempFolder());
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(value.Split(',').Last(), error);
    }

    [Fact]
    public void OutputFolderUnderARegularFileIsUnwritable()
    {
        var file = Path.Combine(Fakes.TempFolder(), "a-file");
        File.WriteAllText(file, "not a folder");
        var (code, _, error) = Run("run", "digits", "--out", Path.Combine(file, "results"));
        Assert.Equal(ExitCodes.Unwritable, code);
        Assert.Contains("not writable", error);
    }

    [Fact]
    public void ReferenceAddExtendsACommittedReferenceWithMoreSeeds()
    {
        var root = Fakes.TempFolder();
        var references = Path.Combine(root, "reference");
        Assert.Equal(ExitCodes.Ok, Run("run", "digits", "--scale", "paper", "--seed-list", "1", "--methods", "nn", "--out", Path.Combine(root, "a")).Code);
        var first = Run("reference", "add", "digits", "--from", Path.Combine(root, "a", "digits"), "--to", references, "--no-figures");
        Assert.True(first.Code == ExitCodes.Ok, first.Error);
        // A second seed, run later: the committed folder itself is one of the parts, its provenance keeps the first run.
        Assert.Equal(ExitCodes.Ok, Run("run", "digits", "--scale", "paper", "--seed-list", "2", "--methods", "nn", "--out", Path.Combine(root, "b")).Code);
        var folder = Path.Combine(references, "digits");
        var second = Run("reference", "add", "digits", "--from", folder, "--from", Path.Combine(root, "b", "digits"), "--to", references, "--no-figures");
        Assert.True(second.Code == ExitCodes.Ok, second.Error);
        Assert.Equal([1L, 2L], ResultsStore.LoadJson(folder).Seeds);
        Assert.Equal(2, ReferenceResults.LoadProvenanceFrom(folder).Runs.Count);
        // The same seed twice is an overlap, named.
        var again = Run("reference", "add", "digits", "--from", folder, "--from", Path.Combine(root, "b", "digits"), "--to", references, "--no-figures");
        Assert.NotEqual(ExitCodes.Ok, again.Code);
        Assert.Contains("overlap in nn seed 2", again.Error);
    }

    [Fact]
    public void RunWritesTheContractFilesAndShowPrintsTheSummary()
    {
        var root = Fakes.TempFolder();
        var (code, output, error) = Run("run", "digits", "--seeds", "2", "--methods", "nn,dgdmn", "--out", root);
        Assert.True(code == ExitCodes.Ok, error);
        var folder = Path.Combine(root, "digits");
        Assert.Equal("experiment,method,seed,after_task,task,accuracy", File.ReadLines(Path.Combine(folder, "accuracy.csv")).First());
        Assert.Equal("experiment,method,acc_mean,acc_sem,bwt_mean,bwt_sem,train_seconds", File.ReadLines(Path.Combine(folder, "summary.csv")).First());
        Assert.True(File.Exists(Path.Combine(folder, "results.json")));
        Assert.True(File.Exists(Path.Combine(folder, "times.csv")));
        Assert.Equal(2 * 2 * Fakes.Tasks * Fakes.Tasks, Tables.LoadAccuracyCsv(Path.Combine(folder, "accuracy.csv")).Rows.Count);
        Assert.Contains("dgdmn", output);
        Assert.Contains($"digits dgdmn seed 2: task {Fakes.Tasks}/{Fakes.Tasks}, A = ", output);   // a log shows every task, not only finished units

        var shown = Run("show", folder);
        Assert.Equal(ExitCodes.Ok, shown.Code);
        Assert.StartsWith("experiment", shown.Out);
        Assert.Equal(3, shown.Out.Trim().Split('\n').Length);

        var again = Run("run", "digits", "--seeds", "2", "--methods", "nn,dgdmn", "--out", root);
        Assert.Contains("loaded from cache", again.Out);
    }

    [Fact]
    public void ShowOfAMissingFolderFails()
    {
        var (code, _, error) = Run("show", Path.Combine(Fakes.TempFolder(), "nothing"));
        Assert.NotEqual(ExitCodes.Ok, code);
        Assert.Contains("summary.csv", error);
    }

    [Fact]
    public void StreamsWritesOnePngGridPerStream()
    {
        Assert.NotNull(Environment.GetEnvironmentVariable("DGDMN_MNIST_DIR"));   // the MNIST-based streams need it
        var folder = Path.Combine(Path.GetTempPath(), "dgdmn-tests", "streams-" + Guid.NewGuid().ToString("N"));
        var (code, output, error) = Run("streams", "--out", folder, "--per-task", "3");
        Assert.True(code == 0, error);
        foreach (var name in StreamsCommand.Names)
        {
            using var png = SkiaSharp.SKBitmap.Decode(Path.Combine(folder, name + ".png"));
            Assert.NotNull(png);
            Assert.Contains($"{name}: ", output);
        }
        var (bad, _, message) = Run("streams", "--out", folder, "--only", "cifar");
        Assert.Equal(ExitCodes.Usage, bad);
        Assert.Contains("digits", message);
    }
}
