using System.Diagnostics;

namespace Dgdmn.IO;

/// <summary>An external tool (Chromium, nbconvert) run to completion with a time limit, its output captured.</summary>
public static class ToolProcess
{
    /// <summary>What a finished run returned.</summary>
    /// <param name="Code">Exit code.</param>
    /// <param name="Stdout">Everything written to standard output.</param>
    /// <param name="Stderr">Everything written to standard error.</param>
    public sealed record Result(int Code, string Stdout, string Stderr)
    {
        /// <summary>The last 600 characters of standard error, for messages.</summary>
        public string ErrorTail => Stderr.Length <= 600 ? Stderr.Trim() : Stderr[^600..].Trim();
    }

    /// <summary>Runs <paramref name="exe"/> with <paramref name="args"/>; a run past <paramref name="timeout"/> is killed.</summary>
    /// <exception cref="TimeoutException">The tool did not finish in time; the message names <paramref name="what"/>.</exception>
    public static Result Run(string exe, IEnumerable<string> args, TimeSpan timeout, string what)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start '{exe}'.");
        // Both pipes drain at once, so a tool that fills one while the other is read never blocks.
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEndAsync();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(exe)} did not finish {what} within {timeout.TotalSeconds:F0} s.");
        }
        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }
}
