using System.CommandLine;
using System.Globalization;
using Dgdmn.Experiments;
using Dgdmn.Reporting;

namespace Dgdmn.Cli;

/// <summary>
/// <c>run &lt;experiment|all&gt; --scale quick|paper --seeds N --out DIR [--resume] [--methods a,b]</c>: runs
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
        var command = new Command("run", "Run experiments and write their result tables.") { experiment, scale, seeds, output, resume, methods, dataset };
        command.SetAction((parse, cancellationToken) => Task.FromResult(CliApp.Guard(environment, () => Execute(environment,
            parse.GetValue(experiment)!, parse.GetValue(scale)!, parse.GetValue(seeds), parse.GetValue(output)!,
            parse.GetValue(resume), parse.GetValue(methods), parse.GetValue(dataset)!, cancellationToken))));
        return command;
    }

    private static int Execute(CliEnvironment environment, string name, string scaleText, string? seedsText, string output,
        bool resume, string? methodsText, string datasetText, CancellationToken cancellationToken)
    {
        var dataset = DataCommand.ParseDataset(datasetText, "--dataset");
        var definitions = name == "all" ? ExperimentRegistry.All
            : [ExperimentRegistry.Find(name) ?? throw new CliException($"unknown experiment '{name}'; valid: all, {string.Join(", ", ExperimentRegistry.Names)}.")];
        var scale = scaleText.ToLowerInvariant() switch
        {
            "quick" => Scale.Quick,
            "paper" => Scale.Paper,
            _ => throw new CliException($"bad --scale '{scaleText}'; use quick or paper."),
        };
        IReadOnlyList<long>? seedList = null;
        if (seedsText is not null)
        {
            if (!int.TryParse(seedsText, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1)
                throw new CliException($"bad --seeds '{seedsText}'; give a positive whole number, e.g. --seeds 5.");
            seedList = RunRequest.SeedRange(count);
        }
        IReadOnlyList<string>? methodList = null;
        if (methodsText is not null)
        {
            methodList = methodsText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var unknown = methodList.Where(m => !KitFactories.MethodNames.Contains(m)).ToList();
            if (methodList.Count == 0 || unknown.Count > 0)
                throw new CliException($"unknown method '{string.Join(",", unknown)}' in --methods; valid: {string.Join(", ", KitFactories.MethodNames)}.");
            if (name != "all" && definitions[0].Methods.Intersect(methodList).Count() != methodList.Count)
                throw new CliException($"experiment '{name}' does not run {string.Join(", ", methodList.Except(definitions[0].Methods))}; it runs {string.Join(", ", definitions[0].Methods)}.");
        }
        EnsureWritable(output);

        var runner = new ExperimentRunner(environment.Runner);
        var failures = 0;
        foreach (var definition in definitions)
        {
            var selected = methodList is null ? null : definition.Methods.Where(methodList.Contains).ToList();
            if (selected is { Count: 0 })
            {
                environment.Out.WriteLine($"{definition.Name}: skipped (runs none of {string.Join(", ", methodList!)}).");
                continue;
            }
            var request = new RunRequest { Scale = scale, Seeds = seedList, Methods = selected, OutputRoot = output, Resume = resume, Dataset = dataset };
            var bar = new ConsoleProgress(environment.Out, environment.Interactive);
            try
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var (started, cpuAtStart) = (DateTimeOffset.UtcNow, System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime);
                var result = runner.Run(definition, request, bar, cancellationToken);
                bar.Finish();
                // Provenance of a trained result (commit, command, CPU time, dataset checksums); a cache hit keeps the original's.
                if (!result.FromCache)
                    RunInfo.Capture(started, cpuAtStart, definition.Benchmarks.Any(b => b.ReadsMnist) ? dataset : null)
                        .Save(Path.Combine(ResultsStore.ExperimentFolder(output, definition.Name), RunInfo.FileName));
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

    private static void EnsureWritable(string output)
    {
        try
        {
            Directory.CreateDirectory(output);
            var probe = Path.Combine(output, $".write-probe-{Environment.ProcessId}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new CliException($"output folder '{output}' is not writable ({e.Message}); choose another --out.", ExitCodes.Unwritable);
        }
    }
}
