using System.Diagnostics;
using System.Reflection;

namespace Dgdmn.Tests.Notebooks;

/// <summary>Locations the notebook tests need, and a process runner that fails with the command's output.</summary>
internal static class RepoPaths
{
    /// <summary>The repository root (the folder holding lib/Dgdmn/Dgdmn.csproj above the test binaries).</summary>
    internal static string Root { get; } = FindRoot();

    /// <summary>The infrastructure smoke notebook: beside its test, so notebooks/ holds only lessons.</summary>
    internal static string SmokeNotebook => Path.Combine(Root, "tests", "Dgdmn.Tests", "Notebooks", "smoke.ipynb");

    /// <summary>Dgdmn.NbRun.dll built alongside the tests (same configuration).</summary>
    internal static string NbRunDll()
    {
        var config = typeof(RepoPaths).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var bin = Path.Combine(Root, "lib", "Dgdmn.NbRun", "bin", config, "net10.0");
        foreach (var candidate in new[] { Path.Combine(bin, "Dgdmn.NbRun.dll"), Path.Combine(bin, "linux-x64", "Dgdmn.NbRun.dll") })
            if (File.Exists(candidate)) return candidate;
        throw new FileNotFoundException($"Dgdmn.NbRun.dll not found under {bin}; build the tests (dotnet build tests/Dgdmn.Tests), which builds lib/Dgdmn.NbRun.");
    }

    /// <summary>A fresh folder under artifacts/test-notebooks for one test's outputs.</summary>
    internal static string NewWorkDir(string name)
    {
        var dir = Path.Combine(Root, "artifacts", "test-notebooks", $"{name}-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Runs a process to completion (killing it after <paramref name="timeout"/>); returns exit code and combined output.</summary>
    internal static (int ExitCode, string Output) Run(string exe, IEnumerable<string> args, string workingDirectory, TimeSpan timeout,
        IDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(exe) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {exe}.");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{exe} {string.Join(' ', args)} did not finish within {timeout.TotalSeconds:F0} s.\n{Tail(stdout)}\n{Tail(stderr)}");
        }
        p.WaitForExit();
        return (p.ExitCode, stdout.Result + "\n" + stderr.Result);
    }

    private static string Tail(Task<string> t) => t.IsCompletedSuccessfully ? t.Result[Math.Max(0, t.Result.Length - 3000)..] : "";

    private static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "lib", "Dgdmn", "Dgdmn.csproj"))) return d.FullName;
        throw new DirectoryNotFoundException($"No repository root (lib/Dgdmn/Dgdmn.csproj) above {AppContext.BaseDirectory}.");
    }
}
