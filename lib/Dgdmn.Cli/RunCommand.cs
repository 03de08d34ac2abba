using System.CommandLine;
using System.Globalization;
using Dgdmn.Experiments;
using Dgdmn.IO;
using Dgdmn.Methods;
using Dgdmn.Reporting;

namespace Dgdmn.Cli;

/// <summary>
/// <c>run &lt;experiment|all&gt; --scale quick|paper --seeds N --out DIR [--resume] [--methods a,b] [--device cpu|cuda[:N]]</c>: runs
/// experiments and writes DIR/&lt;experiment&gt;/accuracy.csv, summary.csv, times.csv and results.json.
/// </summary>
public static class RunCommand
{
    /// <summary>Builds the subcommand.</summary>
    public static Command Create(CliEnvironment environment)
    {
        var experiment = new Argument<string>("experiment") { Description = "Experiment name (see 'list') or 'all'." };
        var scale = new Option<string>("--scale") { Description = "quick (CPU minutes) or paper (the paper's settings).", DefaultValueFactory = _ => "quick" };
        var seeds = new Option<string>("--seeds") { Description = "Number of seeds, run as seeds 1..N (default: the experiment's, 5)." };
        var output = new Option<string>("--out") { Description = "Output root; results go to OUT/<experiment>/.", DefaultValueFactory = _ => "results" };
        var resume = new Option<bool>("--resume") { Description = "Continue an interrupted run from its checkpoints." };
        var methods = new Option<string>("--methods") { Description = "Comma-separated subset of methods, e.g. nn,dgdmn." };
        var dataset = new Option<string>("--dataset") { Description = "Source of the MNIST-based streams: mnist or fashion-mnist.", DefaultValueFactory = _ => "mnist" };
        var seedList = new Option<string>("--seed-list") { Description = "Explicit seeds instead of 1..N, e.g. 2,3." };
        var jobs = new Option<int>("--jobs")
        {
            Description = "Units (method x seed) run at once, each in its own process with one thread (standard-loop experiments; results equal a serial run). 1: serially in this process.",
            DefaultValueFactory = _ => 1,
        };
        var benchmarks = new Option<string>("--benchmarks") { Description = "Comma-separated subset of the experiment's benchmarks, e.g. shapes,hindi for v2-table." };
        var wait = new Option<bool>("--wait") { Description = "If another run is writing into the same experiment folder, wait for it (up to a day) instead of failing." };
        var finishedTo = new Option<string>("--finished-units-to")
        {
            Description = "Train nothing: collect the units whose checkpoints under --out are complete (a run still going or interrupted; give its --methods and --seeds) and write the result of the seeds every method finished to this output root.",
        };
        var device = new Option<string>("--device")
        {
            Description = "Where tensors live: cpu, cuda or cuda:N (needs the CUDA build, -p:TorchBackend=cuda; untested, see environment.md).",
            DefaultValueFactory = _ => "cpu",
        };
        var command = new Command("run", "Run experiments and write their result tables.") { experiment, scale, seeds, seedList, output, resume, methods, dataset, jobs, benchmarks, wait, finishedTo, device };
        command.SetAction((parse, cancellationToken) => Task.FromResult(CliApp.Guard(environment, () => Execute(environment,
            parse.GetValue(experiment)!, parse.GetValue(scale)!, parse.GetValue(seeds), parse.GetValue(seedList), parse.GetValue(output)!,
            parse.GetValue(resume), parse.GetValue(methods), parse.GetValue(dataset)!, parse.GetValue(jobs), parse.GetValue(benchmarks), parse.GetValue(wait), parse.GetValue(finishedTo), parse.GetValue(device)!, cancellationToken))));
        return command;
    }

    private static int Execute(CliEnvironment environment, string name, string scaleText, string? seedsText, string? seedListText, string output,
        bool resume, string? methodsText, string datasetText, int jobs, string? benchmarksText, bool wait, string? finishedTo, string deviceText, CancellationToken cancellationToken)
    {
        var device = DeviceOption.Parse(deviceText);
        var benchmarkList = benchmarksText?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (jobs < 1) throw new CliException($"bad --jobs {jobs}; give 1 or more (at most one per core pays).");
        var dataset = DataCommand.ParseDataset(datasetText, "--dataset");
        var definitions = name == "all" ? ExperimentRegistry.All
            : [ExperimentRegistry.Find(name) ?? throw new CliException($"unknown experiment '{name}'; valid: all, {string.Join(", ", ExperimentRegistry.Names)}.")];
        var scale = DataCommand.ParseScale(scaleText, "--scale");
        IReadOnlyList<long>? seedList = null;
        if (seedsText is not null)
        {
            if (!int.TryParse(seedsText, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1)
                throw new CliException($"bad --seeds '{seedsText}'; give a positive whole number, e.g. --seeds 5.");
            seedList = RunRequest.SeedRange(count);
        }
        if (seedListText is not null)
        {
            if (seedsText is not null) throw new CliException("give --seeds N or --seed-list a,b, not both.");
            var parsed = seedListText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(t => long.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : (long?)null).ToList();
            if (parsed.Count == 0 || parsed.Any(v => v is null) || parsed.Distinct().Count() != parsed.Count)
                throw new CliException($"bad --seed-list '{seedListText}'; give distinct whole numbers separated by commas, e.g. --seed-list 2,3.");
            seedList = parsed.Select(v => v!.Value).ToList();
        }
        IReadOnlyList<string>? methodList = null;
        if (methodsText is not null)
        {
            methodList = methodsText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var unknown = methodList.Where(m => !MethodCatalog.Names.Contains(m)).ToList();
            if (methodList.Count == 0 || unknown.Count > 0)
                throw new CliException($"unknown method '{string.Join(",", unknown)}' in --methods; valid: {string.Join(", ", MethodCatalog.Names)}.");
            if (name != "all" && definitions[0].Methods.Intersect(methodList).Count() != methodList.Count)
                throw new CliException($"experiment '{name}' does not run {string.Join(", ", methodList.Except(definitions[0].Methods))}; it runs {string.Join(", ", definitions[0].Methods)}.");
        }
        try { WritableFolder.Ensure(output); }
        catch (IOException e) { throw new CliException(e.Message, ExitCodes.Unwritable); }

        var runner = new ExperimentRunner((environment.Runner ?? new RunnerOptions()) with { Device = device });
        if (finishedTo is not null)
        {
            if (name == "all") throw new CliException("--finished-units-to collects one experiment at a time; name it.");
            var harvested = runner.Run(definitions[0], new RunRequest
            {
                Scale = scale, Seeds = seedList, Methods = methodList is null ? null : definitions[0].Methods.Where(methodList.Contains).ToList(),
                OutputRoot = output, Dataset = dataset, Benchmarks = benchmarkList, FinishedUnitsOnly = true,
            });
            var target = ResultsStore.ExperimentFolder(finishedTo, definitions[0].Name);
            Directory.CreateDirectory(target);
            ResultsStore.Save(harvested, target);
            // No process to measure: the cost is the units' own training seconds (wall clock at one thread).
            // The commit is the one of the run that wrote the checkpoints, which this process cannot know: 'reference add --commit' fills it.
            var last = harvested.Timings.Count;
            (RunInfo.Capture(DateTimeOffset.UtcNow, System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime, definitions[0].Benchmarks.Any(b => b.ReadsMnist) ? dataset : null) with
            {
                Commit = "", WallSeconds = harvested.Timings.Sum(t => t.TrainSeconds), CpuSeconds = harvested.Timings.Sum(t => t.TrainSeconds), PeakRssBytes = 0,
                Source = $"finished-unit checkpoints of '{ResultsStore.ExperimentFolder(output, definitions[0].Name)}' ({last} tasks; CPU and wall = the units' training seconds at one thread)",
            }).Save(Path.Combine(target, RunInfo.FileName));
            environment.Out.WriteLine($"{definitions[0].Name}: seeds {string.Join(",", harvested.Seeds)} of {string.Join(",", harvested.Methods)} collected -> {target}");
            environment.Out.Write(Tables.Format(harvested.SummaryFrame()));
            return ExitCodes.Ok;
        }
        var failures = 0;
        foreach (var definition in definitions)
        {
            var selected = methodList is null ? null : definition.Methods.Where(methodList.Contains).ToList();
            if (selected is { Count: 0 })
            {
                environment.Out.WriteLine($"{definition.Name}: skipped (runs none of {string.Join(", ", methodList!)}).");
                continue;
            }
            if (benchmarkList is not null)
            {
                try { definition.WithBenchmarks(benchmarkList); }
                catch (ArgumentException e) { throw new CliException($"bad --benchmarks: {e.Message}"); }
            }
            var request = new RunRequest { Scale = scale, Seeds = seedList, Methods = selected, OutputRoot = output, Resume = resume, Dataset = dataset, Benchmarks = benchmarkList,
                WaitForFolder = wait ? TimeSpan.FromDays(1) : TimeSpan.Zero };
            var bar = new ConsoleProgress(environment.Out, environment.Interactive);
            try
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var (started, cpuAtStart) = (DateTimeOffset.UtcNow, System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime);
                var parallel = jobs > 1 && definition.Body is null;
                if (jobs > 1 && !parallel) environment.Out.WriteLine($"{definition.Name}: a custom experiment body decides its own units; running serially.");
                var result = parallel ? ParallelRun.Run(environment, definition, request, jobs, device, cancellationToken) : runner.Run(definition, request, bar, cancellationToken);
                bar.Finish();
                // Provenance of a trained result (commit, command, CPU time, dataset checksums); a cache hit keeps the original's.
                if (!result.FromCache)
                {
                    var folder = ResultsStore.ExperimentFolder(output, definition.Name);
                    var info = RunInfo.Capture(started, cpuAtStart, definition.Benchmarks.Any(b => b.ReadsMnist) ? dataset : null);
                    if (parallel)
                    {
                        var (cpu, rss) = ParallelRun.ChildCost(folder, definition.Name);
                        info = info with { CpuSeconds = info.CpuSeconds + cpu, PeakRssBytes = Math.Max(info.PeakRssBytes, rss) };
                        Directory.Delete(Path.Combine(folder, "parts"), recursive: true);   // combined above; their cost is in run-info
                    }
                    info.Save(Path.Combine(folder, RunInfo.FileName));
                }
                var outcome = result.FromCache ? "loaded from cache" : $"done in {clock.Elapsed.TotalSeconds:F0} s";
                environment.Out.WriteLine($"{definition.Name}: {outcome} -> {ResultsStore.ExperimentFolder(output, definition.Name)}");
                environment.Out.Write(Tables.Format(result.SummaryFrame()));
            }
            catch (Exception e) when (name == "all" && e is not OperationCanceledException and not CliException)
            {
                bar.Finish();
                environment.Error.WriteLine($"error: {definition.Name}: {e.Message}");
                failures++;
            }
        }
        return failures == 0 ? ExitCodes.Ok : ExitCodes.Failed;
    }
}
