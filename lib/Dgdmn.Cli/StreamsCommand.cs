using System.CommandLine;
using Dgdmn.Data;
using Dgdmn.Experiments;
using Dgdmn.Reporting;

namespace Dgdmn.Cli;

/// <summary><c>streams --out DIR</c>: writes one PNG grid per task stream (a row per task) to look at the data.</summary>
public static class StreamsCommand
{
    /// <summary>Stream names the command knows, in the order it writes them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["digits", "permnist", "tdigits", "split-mnist", "shapes", "hindi"];

    /// <summary>Builds the subcommand.</summary>
    public static Command Create(CliEnvironment environment)
    {
        var output = new Option<string>("--out") { Description = "Folder for the PNG grids.", DefaultValueFactory = _ => "results/streams" };
        var only = new Option<string?>("--only") { Description = $"One stream: {string.Join(", ", Names)}." };
        var seed = new Option<long>("--seed") { Description = "Stream seed.", DefaultValueFactory = _ => 1 };
        var perTask = new Option<int>("--per-task") { Description = "Images per task (row).", DefaultValueFactory = _ => 10 };
        var command = new Command("streams", "Write a PNG grid of sample images for every task stream (one row per task).") { output, only, seed, perTask };
        command.SetAction(parse => CliApp.Guard(environment, () =>
        {
            var names = parse.GetValue(only) is { } one
                ? (Names.Contains(one) ? [one] : throw new CliException($"Unknown stream '{one}'. Valid: {string.Join(", ", Names)}."))
                : Names;
            int n = parse.GetValue(perTask);
            if (n < 1) throw new CliException($"--per-task must be at least 1 (got {n}).");
            var folder = Path.GetFullPath(parse.GetValue(output)!);
            try { Directory.CreateDirectory(folder); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliException($"cannot create output folder '{folder}': {e.Message}", ExitCodes.Unwritable);
            }
            // Only the preview rows are needed: cap each task so building paper-size streams stays fast.
            var options = new StreamOptions { Seed = parse.GetValue(seed), TrainPerTask = n, TestPerTask = n };
            foreach (var name in names)
            {
                using var stream = KitFactories.Streams(new Benchmark(name), options);
                var path = Path.Combine(folder, $"{name}.png");
                StreamPreview.Save(stream, path, perTask: n);
                environment.Out.WriteLine($"{name}: {stream.Count} tasks, head {stream.Classes} -> {path}");
            }
            return ExitCodes.Ok;
        }));
        return command;
    }
}
