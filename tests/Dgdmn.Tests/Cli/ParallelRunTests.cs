using System.Diagnostics;
using Dgdmn.Reporting;
using Dgdmn.Tests.Data;
using Dgdmn.Tests.Experiments;
using Dgdmn.Experiments;

namespace Dgdmn.Tests.Cli;

/// <summary><c>run --jobs</c> with real child processes of the built CLI on real MNIST (CI: the 10k subset).</summary>
public sealed class ParallelRunTests
{
    private static (int Code, string Output) Cli(params string[] args)
    {
        var psi = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "Dgdmn.Cli")) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DGDMN_MNIST_DIR"] = DataTestSupport.MnistDirectory;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(5)), "the CLI did not finish within 5 minutes");
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    [Fact]
    public void UnitsInChildProcessesGiveTheSerialRunsFilesAndProvenance()
    {
        var root = Fakes.TempFolder();
        string parallel = Path.Combine(root, "parallel"), serial = Path.Combine(root, "serial");
        var (code, output) = Cli("run", "digits", "--methods", "nn,dropnn", "--seeds", "2", "--jobs", "2", "--out", parallel);
        Assert.True(code == 0, output);
        Assert.Contains("4 units, 2 at a time", output);
        (code, output) = Cli("run", "digits", "--methods", "nn,dropnn", "--seeds", "2", "--out", serial);
        Assert.True(code == 0, output);

        Assert.Equal(File.ReadAllBytes(Path.Combine(serial, "digits", "accuracy.csv")), File.ReadAllBytes(Path.Combine(parallel, "digits", "accuracy.csv")));
        var a = ResultsStore.LoadJson(Path.Combine(parallel, "digits"));
        var b = ResultsStore.LoadJson(Path.Combine(serial, "digits"));
        Assert.Equal(b.ConfigHash, a.ConfigHash);   // the parallel result is the same run: a later serial rerun loads it from cache
        Assert.False(Directory.Exists(Path.Combine(parallel, "digits", "parts")));
        var info = RunInfo.Load(Path.Combine(parallel, "digits", RunInfo.FileName));
        Assert.True(info.CpuSeconds > 0 && info.Command.Contains("--jobs 2"), info.Command);
        (code, output) = Cli("run", "digits", "--methods", "nn,dropnn", "--seeds", "2", "--out", parallel);
        Assert.True(code == 0 && output.Contains("loaded from cache"), output);
    }
}
