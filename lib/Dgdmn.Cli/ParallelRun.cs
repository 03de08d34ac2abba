using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Dgdmn.Data;
using Dgdmn.Experiments;
using Dgdmn.Reporting;

namespace Dgdmn.Cli;

/// <summary>
/// <c>run --jobs N</c> for a standard-loop experiment: every unit (method × seed) runs in a child process of this
/// program with one intra-op thread, N at a time, longest methods first; the parent combines their results
/// (<see cref="RunParts.Combine"/>) into the experiment folder exactly as a serial run would write them.
/// Children checkpoint every task in their own folder under <c>parts/</c>, so <c>--resume</c> continues each.
/// </summary>
internal static class ParallelRun
{
    /// <summary>Methods by typical cost at paper scale (longest first), so the last unit to start is a short one.</summary>
    private static readonly string[] CostOrder = ["dgr", "dgdmn", "joint", "er", "ewc", "ppr", "dropnn", "nn"];

    internal static RunResult Run(CliEnvironment environment, ExperimentDefinition definition, RunRequest request, int jobs, TorchSharp.torch.Device device,
        CancellationToken cancellationToken)
    {
        var methods = request.Methods ?? definition.Methods;
        var seeds = request.Seeds ?? definition.Seeds;
        var folder = ResultsStore.ExperimentFolder(request.OutputRoot!, definition.Name);
        var hash = ExperimentRunner.ConfigHash(definition.WithBenchmarks(request.Benchmarks), request.Scale, methods, seeds, device.ToString(), request.Dataset);
        using var folderLock = FolderLock.Acquire(folder, request.WaitForFolder, cancellationToken);
        if (request.UseCache && ResultsStore.TryLoadCache(folder, hash, out var note) is { } cached)
        {
            environment.Out.WriteLine(note);
            return cached;
        }

        var units = methods.SelectMany(m => seeds.Select(s => (Method: m, Seed: s)))
            .OrderBy(u => Array.IndexOf(CostOrder, u.Method) is var i and >= 0 ? i : CostOrder.Length).ThenBy(u => u.Seed).ToList();
        var partsRoot = Path.Combine(folder, "parts");
        var scale = request.Scale.Name();
        var dataset = request.Dataset.Name();
        environment.Out.WriteLine($"{definition.Name}: {units.Count} units, {jobs} at a time, one process and one thread each");

        var failures = new List<string>();
        var gate = new object();
        using var slots = new SemaphoreSlim(jobs);
        var tasks = units.Select(async unit =>
        {
            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var partOut = Path.Combine(partsRoot, $"{unit.Method}-seed{unit.Seed.ToString(CultureInfo.InvariantCulture)}");
                string[] args = ["run", definition.Name, "--scale", scale, "--methods", unit.Method, "--seed-list", unit.Seed.ToString(CultureInfo.InvariantCulture),
                    "--dataset", dataset, "--out", partOut, .. request.Resume ? new[] { "--resume" } : [],
                    .. request.Benchmarks is { } b ? new[] { "--benchmarks", string.Join(",", b) } : [],
                    .. device.type == TorchSharp.DeviceType.CPU ? [] : new[] { "--device", device.ToString() }];
                var code = await Child(args, line => { lock (gate) environment.Out.WriteLine(line); }, cancellationToken).ConfigureAwait(false);
                if (code != 0) lock (gate) failures.Add($"{unit.Method} seed {unit.Seed} (exit {code})");
            }
            finally { slots.Release(); }
        }).ToArray();
        Task.WaitAll(tasks, cancellationToken);
        if (failures.Count > 0)
            throw new CliException($"{definition.Name}: unit(s) {string.Join(", ", failures)} failed (their output is above); finished units are kept, rerun with --resume.", ExitCodes.Failed);

        var parts = units.Select(u => ResultsStore.LoadJson(ResultsStore.ExperimentFolder(Path.Combine(partsRoot, $"{u.Method}-seed{u.Seed.ToString(CultureInfo.InvariantCulture)}"), definition.Name))).ToList();
        var combined = RunParts.Combine(definition, parts);
        if (combined.ConfigHash != hash) throw new InvalidOperationException($"{definition.Name}: combined parts give hash {combined.ConfigHash[..12]}, expected {hash[..12]}.");
        ResultsStore.Save(combined, folder);
        return combined;
    }

    /// <summary>CPU seconds and peak memory of the children, from their run-info files.</summary>
    internal static (double CpuSeconds, long PeakRss) ChildCost(string experimentFolder, string experiment)
    {
        var root = Path.Combine(experimentFolder, "parts");
        if (!Directory.Exists(root)) return (0, 0);
        var infos = Directory.GetDirectories(root).Select(d => Path.Combine(d, experiment, RunInfo.FileName)).Where(File.Exists).Select(RunInfo.Load).ToList();
        return (infos.Sum(i => i.CpuSeconds), infos.Select(i => i.PeakRssBytes).DefaultIfEmpty(0).Max());
    }

    private static async Task<int> Child(string[] args, Action<string> line, CancellationToken cancellationToken)
    {
        // This same program: its apphost, or 'dotnet Dgdmn.Cli.dll' when started that way.
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("The path of this program is unknown; run without --jobs.");
        var psi = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet") psi.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DGDMN_THREADS"] = "1";   // one core per unit: the parallelism is across processes
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start '{host}'.");
        process.OutputDataReceived += (_, e) => { if (e.Data is { Length: > 0 } d) line(d); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } d) line(d); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);   // its last checkpoint stays for --resume
            throw;
        }
        return process.ExitCode;
    }
}
