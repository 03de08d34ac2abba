using System.Diagnostics;
using System.Globalization;
using Dgdmn.Tests.Data;

namespace Dgdmn.Tests.Reliability;

/// <summary>Where one trial killed the run: after the progress line of task <see cref="AfterTask"/> (0: from the start) plus a delay.</summary>
/// <param name="AfterTask">Tasks whose progress line was seen before the delay started (0: timed from the process start).</param>
/// <param name="DelayMs">Milliseconds after that line (or the start).</param>
public sealed record KillMoment(int AfterTask, int DelayMs)
{
    /// <summary>Seeded moments over a run of <paramref name="tasks"/> tasks: startup, every task, and the end.</summary>
    public static IReadOnlyList<KillMoment> Draw(int count, int tasks, int seed)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => rng.Next(tasks + 1) is var k && k == 0
            ? new KillMoment(0, 200 + rng.Next(1500))      // while starting, loading data or learning the first task
            : new KillMoment(k, rng.Next(250)))];           // while learning the next task or writing its checkpoint
    }
}

/// <summary>One run of the built CLI (as ParallelRunTests runs it): to the end, or killed with SIGKILL at a <see cref="KillMoment"/>.</summary>
public static class CrashTrial
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(5);

    /// <summary>Runs the CLI; with <paramref name="kill"/>, kills it there. Returns the exit code (or null when killed) and its output.</summary>
    public static (int? Code, string Output) Run(IReadOnlyList<string> args, KillMoment? kill = null)
    {
        var psi = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "Dgdmn.Cli")) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DGDMN_MNIST_DIR"] = DataTestSupport.MnistDirectory;
        var output = new System.Text.StringBuilder();
        using var seen = new SemaphoreSlim(0);
        var marker = kill is { AfterTask: > 0 } k ? $": task {k.AfterTask.ToString(CultureInfo.InvariantCulture)}/" : null;
        using var p = new Process { StartInfo = psi };
        p.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (output) output.AppendLine(e.Data);
            if (marker is not null && e.Data.Contains(marker, StringComparison.Ordinal)) seen.Release();
        };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        bool killed = false;
        if (kill is not null)
        {
            // Wait for the marker line (or the end of the process), then the delay, then SIGKILL (Process.Kill on Unix).
            if (marker is not null) while (!seen.Wait(50) && !p.HasExited) { }
            if (!p.WaitForExit(kill.DelayMs))
            {
                p.Kill();
                killed = true;
            }
        }
        Assert.True(p.WaitForExit(HangGuard), $"the CLI did not finish within {HangGuard.TotalMinutes} minutes: {output}");
        p.WaitForExit();   // drains the output readers
        lock (output) return (killed ? null : p.ExitCode, output.ToString());
    }
}
