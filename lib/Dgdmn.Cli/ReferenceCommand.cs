using System.CommandLine;
using Dgdmn.Experiments;
using Dgdmn.Reporting;
using Dgdmn.IO;

namespace Dgdmn.Cli;

/// <summary>
/// <c>reference add &lt;experiment&gt; --from DIR [--from DIR …]</c> turns finished paper-scale runs (one or several
/// processes that each ran some methods) into the committed reference of that experiment;
/// <c>reference check</c> audits every committed reference against the current code.
/// </summary>
public static class ReferenceCommand
{
    /// <summary>Builds the subcommand.</summary>
    public static Command Create(CliEnvironment environment)
    {
        var experiment = new Argument<string>("experiment") { Description = "Experiment name (see 'list')." };
        var from = new Option<string[]>("--from") { Description = "An experiment folder written by 'run --scale paper', or a committed reference folder to extend (repeat for runs that split the methods or seeds).", Required = true, AllowMultipleArgumentsPerToken = true };
        var to = new Option<string?>("--to") { Description = "Reference root (default: the repository's reference/paper)." };
        var note = new Option<string>("--note") { Description = "What differs from the paper's settings (kept in provenance.json).", DefaultValueFactory = _ => "" };
        var commit = new Option<string?>("--commit") { Description = "Commit of the run, for a folder without run-info.json (read from its /usr/bin/time -v log.txt) or collected from checkpoints." };
        var noFigures = new Option<bool>("--no-figures") { Description = "Skip the PNG figures (they need headless Chromium)." };
        var add = new Command("add", "Combine finished paper-scale runs into the committed reference of an experiment.") { experiment, from, to, note, commit, noFigures };
        add.SetAction(parse => CliApp.Guard(environment, () => Add(environment, parse.GetValue(experiment)!, parse.GetValue(from)!, parse.GetValue(to),
            parse.GetValue(note)!, parse.GetValue(commit), !parse.GetValue(noFigures))));

        var root = new Option<string?>("--dir") { Description = "Reference root (default: the repository's reference/paper)." };
        var check = new Command("check", "Audit the committed references: every experiment listed, files complete, summaries recomputed, configuration hashes current.") { root };
        check.SetAction(parse => CliApp.Guard(environment, () =>
        {
            var problems = ReferenceResults.Audit(parse.GetValue(root) ?? ReferenceResults.Root());
            foreach (var p in problems) environment.Out.WriteLine(p);
            environment.Out.WriteLine(problems.Count == 0 ? "reference: every entry consistent with the current code" : $"reference: {problems.Count} problem(s)");
            return problems.Count == 0 ? ExitCodes.Ok : ExitCodes.Failed;
        }));
        var tableRoot = new Option<string?>("--dir") { Description = "Reference root (default: the repository's reference/paper)." };
        var readme = new Option<string?>("--write-readme") { Description = "Replace the table between the paper-vs-kit markers of this README file." };
        var table = new Command("table", "Print every paper summary number beside the kit's paper-scale reference (Markdown).") { tableRoot, readme };
        table.SetAction(parse => CliApp.Guard(environment, () =>
        {
            var markdown = ReferenceResults.PaperComparisonMarkdown(parse.GetValue(tableRoot) ?? ReferenceResults.Root());
            if (parse.GetValue(readme) is { } path)
            {
                AtomicFile.WriteAllText(path, ReadmeTable.Replace(File.ReadAllText(path), markdown, path));
                environment.Out.WriteLine($"paper-vs-kit table written into {path}");
            }
            else environment.Out.Write(markdown);
            return ExitCodes.Ok;
        }));
        return new Command("reference", "Committed paper-scale reference results.") { add, check, table };
    }

    private static int Add(CliEnvironment environment, string name, string[] folders, string? to, string note, string? commit, bool figures)
    {
        var definition = ExperimentRegistry.Find(name) ?? throw new CliException($"unknown experiment '{name}'; valid: {string.Join(", ", ExperimentRegistry.Names)}.");
        var parts = new List<RunResult>();
        var runs = new List<RunInfo>();
        foreach (var folder in folders)
        {
            var result = ResultsStore.LoadJson(folder);
            if (result.Scale != Scale.Paper) throw new CliException($"'{folder}' holds a {result.Scale}-scale run; a reference must be paper scale.");
            parts.Add(result);
            var info = Path.Combine(folder, RunInfo.FileName);
            var log = Path.Combine(folder, "..", "log.txt");
            var committed = Path.Combine(folder, ReferenceResults.ProvenanceFile);
            if (!File.Exists(info) && File.Exists(committed))
                runs.AddRange(ReferenceResults.LoadProvenanceFrom(folder).Runs);   // a committed reference, extended by more seeds or methods
            else if (File.Exists(info))
            {
                var loaded = RunInfo.Load(info);
                if (loaded.Commit.Length == 0)
                    loaded = loaded with { Commit = commit ?? throw new CliException($"'{info}' does not know the commit of the run that made its units (collected from checkpoints); give --commit.") };
                runs.Add(loaded);
            }
            else if (File.Exists(log) && commit is not null)
                runs.Add(RunInfo.FromGnuTime(log, DateOnly.FromDateTime(File.GetLastWriteTimeUtc(log)), commit,
                    definition.Benchmarks.Any(b => b.ReadsMnist) ? result.Dataset : null));
            else throw new CliException($"'{folder}' has no {RunInfo.FileName}; rerun it with this version of the kit, or give --commit with a /usr/bin/time -v log at '{log}'.");
        }
        var combined = RunParts.Combine(definition, parts);
        var target = Path.Combine(to ?? ReferenceResults.Root(), name);
        var provenance = new ReferenceProvenance(name, combined.ConfigHash, combined.Dataset, runs, note);
        ReferenceResults.Save(combined, provenance, target, figures);
        environment.Out.WriteLine($"{name}: reference written to {target} ({combined.Methods.Count} methods × {combined.Seeds.Count} seeds, {provenance.CpuSeconds:F0} CPU-s)");
        environment.Out.Write(Tables.Format(combined.SummaryFrame()));
        return ExitCodes.Ok;
    }
}
