using System.CommandLine;
using Dgdmn.Claims;
using Dgdmn.Experiments;
using Dgdmn.Reporting;

namespace Dgdmn.Cli;

/// <summary>
/// <c>claims --scale quick --seeds 3</c>: runs the experiments the claim checks need (cached in <c>--out</c>) and
/// prints one line per claim and <c>N passed, M failed</c>; <c>--scale paper</c> checks the committed paper-scale
/// references without training. Exit 1 when any claim fails.
/// </summary>
public static class ClaimsCommand
{
    /// <summary>Builds the subcommand.</summary>
    public static Command Create(CliEnvironment environment)
    {
        var scale = new Option<string>("--scale") { Description = "quick (runs the experiments) or paper (reads reference/paper).", DefaultValueFactory = _ => "quick" };
        var seeds = new Option<int>("--seeds") { Description = "Seeds 1..N for quick runs.", DefaultValueFactory = _ => 3 };
        var output = new Option<string>("--out") { Description = "Output root of the quick runs (cached by configuration).", DefaultValueFactory = _ => "results/claims" };
        var command = new Command("claims", "Check the paper's claims on quick runs or on the committed paper-scale references.") { scale, seeds, output };
        command.SetAction((parse, token) => Task.FromResult(CliApp.Guard(environment, () =>
            Execute(environment, parse.GetValue(scale)!, parse.GetValue(seeds), parse.GetValue(output)!, token))));
        return command;
    }

    private static int Execute(CliEnvironment environment, string scaleText, int seeds, string output, CancellationToken token)
    {
        var paper = DataCommand.ParseScale(scaleText, "--scale") == Scale.Paper;
        if (seeds < 1) throw new CliException($"bad --seeds {seeds}; give 1 or more.");
        var results = new Dictionary<string, RunResult?>();
        var why = new Dictionary<string, string>();
        foreach (var name in ClaimCatalog.Experiments)
        {
            var definition = ExperimentRegistry.Find(name);
            if (definition is null) { results[name] = null; why[name] = $"the kit has no '{name}' experiment yet"; continue; }
            if (paper)
            {
                results[name] = ReferenceResults.TryLoad(name);
                if (results[name] is null) why[name] = $"no paper-scale reference of '{name}' committed yet";
                continue;
            }
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var result = new ExperimentRunner(environment.Runner).Run(definition,
                new RunRequest { Scale = Scale.Quick, Seeds = RunRequest.SeedRange(seeds), OutputRoot = output }, null, token);
            environment.Out.WriteLine($"{name}: {(result.FromCache ? "loaded from cache" : $"ran in {clock.Elapsed.TotalSeconds:F0} s")}");
            results[name] = result;
        }
        var outcomes = ClaimCatalog.All.Select(c => results[c.Experiment] is { } r ? c.Evaluate(r) : c.Missing(why[c.Experiment])).ToList();
        foreach (var o in outcomes) environment.Out.WriteLine(o.ToString());
        int passed = outcomes.Count(o => o.Holds), failed = outcomes.Count - passed;
        environment.Out.WriteLine($"{passed} passed, {failed} failed");
        return failed == 0 ? ExitCodes.Ok : ExitCodes.Failed;
    }
}
