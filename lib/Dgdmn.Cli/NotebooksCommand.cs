using Dgdmn.Data;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Dgdmn.Experiments;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Dgdmn.Cli;

/// <summary>
/// <c>notebooks [--scale quick|paper] [--only PREFIX] [--seeds N] [--jobs N] [--timeout S] --out DIR</c>: executes
/// every numbered notebook (notebooks/NN-*.ipynb, the lessons) in the kit's runner, each in
/// its own process with DGDMN_SCALE and DGDMN_OUT=DIR/&lt;name&gt;, and writes DIR/&lt;name&gt;.ipynb (executed),
/// DIR/&lt;name&gt;.log, the notebook's charts and CSVs under DIR/&lt;name&gt;/, each executed notebook as a kernel-free page
/// DIR/html/&lt;name&gt;.html (nbconvert) linked from DIR/index.html, and the quick-scale Digits A(t) figure under DIR/figures/.
/// </summary>
public static partial class NotebooksCommand
{
    /// <summary>The chart copied to DIR/figures/ for the README: (notebook, file in its output folder, name in figures/).</summary>
    public static readonly (string Notebook, string File, string Target) ReadmeFigure = ("01-digits", "fig4b-average-so-far.png", "digits-average-accuracy.png");

    [GeneratedRegex(@"^\d\d-.+\.ipynb$")]
    private static partial Regex NumberedNotebook();

    /// <summary>Builds the subcommand.</summary>
    public static Command Create(CliEnvironment environment)
    {
        var scale = new Option<string>("--scale") { Description = "quick (CPU minutes) or paper (the paper's settings).", DefaultValueFactory = _ => "quick" };
        var only = new Option<string>("--only") { Description = "Run only notebooks whose file name starts with this prefix (e.g. 01, 0)." };
        var seeds = new Option<string>("--seeds") { Description = "Number of seeds passed as DGDMN_SEEDS (default: each notebook's)." };
        var jobs = new Option<int>("--jobs")
        {
            Description = "Notebooks run at the same time (each uses one torch thread; default: 2, or 1 on a 1-core machine).",
            DefaultValueFactory = _ => Math.Clamp(Environment.ProcessorCount, 1, 2),
        };
        var timeout = new Option<int>("--timeout") { Description = "Seconds allowed per notebook before it is stopped and failed.", DefaultValueFactory = _ => 3600 };
        var output = new Option<string>("--out") { Description = "Output folder: executed notebooks, logs, charts and CSVs.", Required = true };
        var command = new Command("notebooks", "Execute the numbered notebooks in the kit's runner and collect their outputs.") { scale, only, seeds, jobs, timeout, output };
        command.SetAction((parse, cancellationToken) => Task.FromResult(CliApp.Guard(environment, () => Execute(environment,
            parse.GetValue(scale)!, parse.GetValue(only), parse.GetValue(seeds), parse.GetValue(jobs), parse.GetValue(timeout),
            parse.GetValue(output)!, cancellationToken))));
        return command;
    }

    private static int Execute(CliEnvironment environment, string scale, string? only, string? seeds, int jobs, int timeoutSeconds,
        string output, CancellationToken cancellationToken)
    {
        scale = DataCommand.ParseScale(scale, "--scale").Name();
        if (seeds is not null && (!int.TryParse(seeds, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1))
            throw new CliException($"bad --seeds '{seeds}'; give a positive whole number, e.g. --seeds 3.");
        if (jobs < 1) throw new CliException($"bad --jobs {jobs}; give at least 1.");
        if (timeoutSeconds < 1) throw new CliException($"bad --timeout {timeoutSeconds}; give a positive number of seconds.");
        var root = RepositoryRoot();
        var notebooks = Select(Path.Combine(root, "notebooks"), only);
        var runner = NbRunDll(root);
        output = Path.GetFullPath(output);
        try { Directory.CreateDirectory(output); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"output folder '{output}' is not writable ({e.Message}); choose another --out.", ExitCodes.Unwritable);
        }

        // Find (or fetch once, with progress) MNIST before notebooks start in parallel, so they never fetch at the same time.
        var mnist = (environment.Data ?? DatasetLocator.Default).Locate(DatasetKind.Mnist);
        environment.Out.WriteLine($"MNIST: {mnist}");
        environment.Out.WriteLine($"Running {notebooks.Count} notebook(s) at {scale} scale into {output} ({Math.Min(jobs, notebooks.Count)} at a time)");
        var results = new (bool Passed, double Seconds)[notebooks.Count];
        var gate = new object();
        Parallel.For(0, notebooks.Count, new ParallelOptions { MaxDegreeOfParallelism = jobs, CancellationToken = cancellationToken }, i =>
        {
            var name = Path.GetFileNameWithoutExtension(notebooks[i]);
            var (passed, seconds, summary) = RunOne(runner, notebooks[i], output, scale, seeds, TimeSpan.FromSeconds(timeoutSeconds));
            results[i] = (passed, seconds);
            lock (gate) environment.Out.WriteLine($"{name}: {(passed ? "passed" : "FAILED")} in {seconds:F1} s{summary}");
        });

        CopyReadmeFigure(environment, output);
        WriteHtml(environment, output, notebooks, results, scale);
        int ok = results.Count(r => r.Passed), failed = results.Length - ok;
        environment.Out.WriteLine($"{ok} passed, {failed} failed");
        return failed == 0 ? ExitCodes.Ok : ExitCodes.Failed;
    }

    /// <summary>The numbered notebooks of <paramref name="folder"/> in order: all of them, or those starting with <paramref name="only"/>.</summary>
    public static IReadOnlyList<string> Select(string folder, string? only)
    {
        if (!Directory.Exists(folder)) throw new CliException($"no notebooks folder '{folder}'.", ExitCodes.Failed);
        var all = Directory.GetFiles(folder, "*.ipynb").Where(f => NumberedNotebook().IsMatch(Path.GetFileName(f)))
            .OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal).ToList();
        var chosen = only is null ? all : all.Where(f => Path.GetFileName(f).StartsWith(only, StringComparison.Ordinal)).ToList();
        return chosen.Count > 0 ? chosen
            : throw new CliException($"no notebook in '{folder}' matches --only '{only}'; there are {string.Join(", ", all.Select(Path.GetFileNameWithoutExtension))}.");
    }

    private static (bool Passed, double Seconds, string Summary) RunOne(string runner, string notebook, string output, string scale, string? seeds, TimeSpan timeout)
    {
        var name = Path.GetFileNameWithoutExtension(notebook);
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { runner, notebook, "--out", Path.Combine(output, name + ".ipynb"), "--timeout", timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture) })
            psi.ArgumentList.Add(a);
        psi.Environment["DGDMN_SCALE"] = scale;
        psi.Environment["DGDMN_OUT"] = Path.Combine(output, name);
        if (seeds is not null) psi.Environment["DGDMN_SEEDS"] = seeds;
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("Could not start 'dotnet' to run the notebook runner.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // The runner stops itself at its timeout; this is the backstop for a process that hangs anyway.
        var exited = process.WaitForExit(timeout + TimeSpan.FromMinutes(2));
        if (!exited) process.Kill(entireProcessTree: true);
        process.WaitForExit();
        var log = stdout.Result + (stderr.Result.Length > 0 ? "\n" + stderr.Result : "");
        File.WriteAllText(Path.Combine(output, name + ".log"), log);
        var failures = log.Split('\n').Where(l => l.Contains("FAILED") || l.StartsWith("    ", StringComparison.Ordinal) || l.StartsWith("TIMEOUT", StringComparison.Ordinal))
            .Select(l => "\n    " + l.Trim()).Take(12);
        var counts = log.Split('\n').LastOrDefault(l => l.Contains(" passed, ") && l.Contains(" failed"))?.Trim();
        var passed = exited && process.ExitCode == 0;
        var summary = $" ({counts ?? "no cell summary"})" + (passed ? "" : (exited ? "" : "\n    killed after the timeout") + string.Concat(failures));
        return (passed, clock.Elapsed.TotalSeconds, summary);
    }

    // Every executed notebook as HTML and an index page; a missing nbconvert costs the pages, not the run.
    private static void WriteHtml(CliEnvironment environment, string output, IReadOnlyList<string> notebooks, (bool Passed, double Seconds)[] results, string scale)
    {
        var entries = new List<NotebookHtml.Entry>();
        string? problem = null;
        for (int i = 0; i < notebooks.Count; i++)
        {
            var name = Path.GetFileNameWithoutExtension(notebooks[i]);
            var executed = Path.Combine(output, name + ".ipynb");
            string? page = null;
            if (problem is null && File.Exists(executed))
                try { page = Path.GetRelativePath(output, NotebookHtml.Export(executed, Path.Combine(output, "html"))); }
                catch (InvalidOperationException e) { problem = e.Message; }
            entries.Add(new NotebookHtml.Entry(name, results[i].Passed, results[i].Seconds, page, name + ".ipynb"));
        }
        var index = NotebookHtml.WriteIndex(output, $"DGDMN kit notebooks ({scale} scale)", entries);
        environment.Out.WriteLine(problem is null ? $"HTML pages: {index}" : $"HTML pages skipped: {problem} Index without them: {index}");
    }

    private static void CopyReadmeFigure(CliEnvironment environment, string output)
    {
        var source = Path.Combine(output, ReadmeFigure.Notebook, ReadmeFigure.File);
        if (!File.Exists(source)) return;
        var figures = Path.Combine(output, "figures");
        Directory.CreateDirectory(figures);
        var target = Path.Combine(figures, ReadmeFigure.Target);
        var temp = target + ".tmp";
        File.Copy(source, temp, overwrite: true);
        File.Move(temp, target, overwrite: true);
        environment.Out.WriteLine($"Digits A(t) at quick scale: {target}");
    }

    private static string RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
                if (File.Exists(Path.Combine(d.FullName, "lib", "Dgdmn", "Dgdmn.csproj")) && Directory.Exists(Path.Combine(d.FullName, "notebooks")))
                    return d.FullName;
        throw new CliException($"no DGDMN repository (lib/Dgdmn/Dgdmn.csproj and notebooks/) above '{Directory.GetCurrentDirectory()}'; run from the repository.", ExitCodes.Failed);
    }

    /// <summary>Dgdmn.NbRun.dll built beside this command (the Cli project builds it): same configuration first.</summary>
    private static string NbRunDll(string root)
    {
        var mine = typeof(NotebooksCommand).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var candidates = new[] { mine, "Release", "Debug" }.Distinct()
            .Select(c => Path.Combine(root, "lib", "Dgdmn.NbRun", "bin", c, "net10.0", "Dgdmn.NbRun.dll")).ToList();
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new CliException($"the notebook runner is not built ({string.Join(", ", candidates)}); run 'dotnet build lib/Dgdmn.Cli -c Release', which builds it.", ExitCodes.Failed);
    }
}
