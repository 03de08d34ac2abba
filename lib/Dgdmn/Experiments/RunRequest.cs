using Dgdmn.Data;
using Dgdmn.Methods;
using static TorchSharp.torch;

namespace Dgdmn.Experiments;

/// <summary>How to run an experiment this time: scale, seeds, a method subset, and where to persist.</summary>
public sealed record RunRequest
{
    /// <summary>Quick or Paper (default Quick).</summary>
    public Scale Scale { get; init; } = Scale.Quick;

    /// <summary>Seeds to run; null: the definition's.</summary>
    public IReadOnlyList<long>? Seeds { get; init; }

    /// <summary>Subset of the definition's methods, in the definition's order; null: all.</summary>
    public IReadOnlyList<string>? Methods { get; init; }

    /// <summary>Subset of the definition's benchmarks by name (e.g. shapes, hindi of v2-table); null: all. Part of the configuration hash.</summary>
    public IReadOnlyList<string>? Benchmarks { get; init; }

    /// <summary>Output root; results go to <c>OutputRoot/&lt;experiment&gt;/</c>. Null: nothing is written (no checkpoints, no cache).</summary>
    public string? OutputRoot { get; init; }

    /// <summary>Source images of the MNIST-based streams (default MNIST; Fashion-MNIST has the same format and size).</summary>
    public DatasetKind Dataset { get; init; } = DatasetKind.Mnist;

    /// <summary>How long to wait when another run holds the output folder (<see cref="FolderLock"/>); zero fails at once.</summary>
    public TimeSpan WaitForFolder { get; init; }

    /// <summary>Continue from the checkpoints of an interrupted run instead of starting afresh.</summary>
    public bool Resume { get; init; }

    /// <summary>
    /// Train nothing: collect the units whose checkpoints in the output folder are complete (for example those of
    /// a run still going or interrupted) and return the result of the seeds every method finished. Nothing is
    /// written or deleted. Standard-loop experiments only.
    /// </summary>
    public bool FinishedUnitsOnly { get; init; }

    /// <summary>Load finished results with the same configuration hash instead of training (default true).</summary>
    public bool UseCache { get; init; } = true;

    /// <summary>Seeds 1..<paramref name="count"/>.</summary>
    public static IReadOnlyList<long> SeedRange(int count)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "Seeds must be a positive count, e.g. --seeds 5.");
        return Enumerable.Range(1, count).Select(s => (long)s).ToArray();
    }
}

/// <summary>What the runner builds streams and methods with, and where tensors live.</summary>
public sealed record RunnerOptions
{
    /// <summary>Stream factory (default <see cref="KitFactories.Streams"/>).</summary>
    public Func<Benchmark, StreamOptions, TaskStream> Streams { get; init; } = KitFactories.Streams;

    /// <summary>Method factory (default <see cref="KitFactories.Methods"/>).</summary>
    public Func<string, MethodContext, IContinualMethod> Methods { get; init; } = KitFactories.Methods;

    /// <summary>Device for streams and methods (default: CPU).</summary>
    public Device? Device { get; init; }

    /// <summary>Test samples per evaluation batch (project default 1024).</summary>
    public int EvaluationBatchSize { get; init; } = 1024;
}
