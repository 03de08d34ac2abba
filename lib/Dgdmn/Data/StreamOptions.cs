using System.Text.Json.Serialization;
using static TorchSharp.torch;

namespace Dgdmn.Data;

/// <summary>
/// Options shared by every task stream: the seed that fixes all of its random choices, the per-task sample
/// caps that make a quick scale, the source dataset for MNIST-based streams, and where tensors live.
/// </summary>
public sealed record StreamOptions
{
    /// <summary>Seed for permutations, procedural drawing and subsampling (same seed, same tensors).</summary>
    public long Seed { get; init; } = 1;

    /// <summary>At most this many training samples per task (null: all; quick scale uses a few hundred).</summary>
    public int? TrainPerTask { get; init; }

    /// <summary>At most this many test samples per task (null: all).</summary>
    public int? TestPerTask { get; init; }

    /// <summary>
    /// Only the stream's first this many tasks (null: all; a shorter Digits or TDigits for a lesson or an ablation).
    /// Left out of the configuration hash while null.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int? Tasks { get; init; }

    /// <summary>Source images for the MNIST-based streams (Digits, Permnist, TDigits, SplitMnist).</summary>
    public DatasetKind Dataset { get; init; } = DatasetKind.Mnist;

    /// <summary>Explicit folder holding the four IDX files; null resolves as <c>data/README.md</c> describes.</summary>
    public string? DatasetDirectory { get; init; }

    /// <summary>Device the task tensors are created on (null: CPU).</summary>
    public Device? Device { get; init; }

    /// <summary>Full-size data (the paper's settings).</summary>
    public static StreamOptions Paper { get; } = new();

    /// <summary>Small per-task caps for tests, CI and a first look (about a minute per experiment on a CPU).</summary>
    public static StreamOptions Quick { get; } = new() { TrainPerTask = 500, TestPerTask = 200 };
}

/// <summary>Which IDX dataset feeds the MNIST-based streams.</summary>
public enum DatasetKind
{
    /// <summary>MNIST handwritten digits (LeCun et al.).</summary>
    Mnist,
    /// <summary>Fashion-MNIST (Xiao et al.): same format and size, ten clothing classes.</summary>
    FashionMnist,
}

/// <summary>The names of <see cref="DatasetKind"/> on command lines and in <c>DGDMN_DATASET</c>: mnist, fashion-mnist (or fashion).</summary>
public static class DatasetNames
{
    /// <summary>"mnist" or "fashion-mnist".</summary>
    public static string Name(this DatasetKind kind) => kind == DatasetKind.FashionMnist ? "fashion-mnist" : "mnist";

    /// <summary>The dataset called <paramref name="text"/> (case-insensitive; "fashion" stands for fashion-mnist).</summary>
    /// <exception cref="FormatException">Not a dataset name; the message lists them.</exception>
    public static DatasetKind Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "mnist" => DatasetKind.Mnist,
        "fashion-mnist" or "fashionmnist" or "fashion" => DatasetKind.FashionMnist,
        _ => throw new FormatException($"'{text}' is not a dataset; use mnist or fashion-mnist."),
    };
}
