using System.Globalization;

namespace Dgdmn.Benchmarks;

/// <summary>Command-line options shared by the benchmark commands ("--name value" pairs).</summary>
public sealed record Options
{
    /// <summary>Thread counts to measure (--threads 1,2).</summary>
    public int[] Threads { get; init; } = [1, 2];

    /// <summary>Batch sizes (--batches 128,512).</summary>
    public int[] Batches { get; init; } = [128, 512];

    /// <summary>Models by name (--models ltm_learner,ltm_vae; default all four).</summary>
    public StepModel[] Models { get; init; } = StepModel.All.ToArray();

    /// <summary>Timed repetitions per case and side; the median is reported (--reps 5).</summary>
    public int Reps { get; init; } = 5;

    /// <summary>Target seconds of one timed repetition; sets the steps per repetition (--rep-seconds 0.3).</summary>
    public double RepSeconds { get; init; } = 0.3;

    /// <summary>OpenMP wait policies (--wait-policy passive | active | default | both = passive and default).</summary>
    public string[] Policies { get; init; } = ["passive"];

    /// <summary>Seconds a worker may take for one request before it counts as stalled (--timeout 180).</summary>
    public double TimeoutSeconds { get; init; } = 180;

    /// <summary>
    /// TorchSharp-side optimisers "profile" compares with each other instead of with PyTorch (--optimizers
    /// rmsprop-loop,rmsprop-fused; names in <see cref="ProfileOptimizers.Names"/>); empty: TorchSharp's RMSProp vs PyTorch.
    /// </summary>
    public string[] Optimizers { get; init; } = [];

    /// <summary>File that result lines are also appended to (--out path).</summary>
    public string? Out { get; init; }

    /// <summary>Parses "--name value" pairs; throws naming an unknown or malformed option.</summary>
    public static Options Parse(IReadOnlyList<string> args)
    {
        var o = new Options();
        foreach (var (name, v) in Pairs(args))
        {
            o = name switch
            {
                "--threads" => o with { Threads = Ints(v) },
                "--batches" => o with { Batches = Ints(v) },
                "--models" => o with { Models = v == "all" ? StepModel.All.ToArray() : v.Split(',').Select(StepModel.Find).ToArray() },
                "--reps" => o with { Reps = int.Parse(v, CultureInfo.InvariantCulture) },
                "--rep-seconds" => o with { RepSeconds = double.Parse(v, CultureInfo.InvariantCulture) },
                "--wait-policy" => o with { Policies = v == "both" ? ["passive", "default"] : [v] },
                "--timeout" => o with { TimeoutSeconds = double.Parse(v, CultureInfo.InvariantCulture) },
                "--optimizers" => o with { Optimizers = v.Split(',').Select(KnownOptimizer).ToArray() },
                "--out" => o with { Out = v },
                _ => throw new ArgumentException($"Unknown option '{name}'. See tests/Benchmarks/README.md."),
            };
        }
        return o;
    }

    /// <summary>The "--name value" pairs of <paramref name="args"/>, in order; throws when an option has no value.</summary>
    public static IEnumerable<(string Name, string Value)> Pairs(IReadOnlyList<string> args)
    {
        for (int i = 0; i < args.Count; i += 2)
        {
            if (i + 1 >= args.Count) throw new ArgumentException($"Option {args[i]} needs a value.");
            yield return (args[i], args[i + 1]);
        }
    }

    private static string KnownOptimizer(string name) => ProfileOptimizers.Names.Contains(name) ? name
        : throw new ArgumentException($"Unknown optimiser '{name}'. Use {string.Join(", ", ProfileOptimizers.Names)}.");

    private static int[] Ints(string v) => v.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
}

/// <summary>Prints result lines to stdout and, if asked, appends them to a file.</summary>
public sealed class Report(string? path)
{
    /// <summary>Writes one line (invariant culture is the caller's job).</summary>
    public void Line(string line)
    {
        Console.WriteLine(line);
        if (path is not null) File.AppendAllText(path, line + Environment.NewLine);
    }

    /// <summary>Formats a number compactly with the invariant culture.</summary>
    public static string F(double v, string format = "F1") => double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "nan";
}
