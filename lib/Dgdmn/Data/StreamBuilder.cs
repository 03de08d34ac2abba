using TorchSharp;
using static TorchSharp.torch;
using Dgdmn.Torch;

namespace Dgdmn.Data;

/// <summary>Shared steps of the MNIST-based streams: option checks, seeded subsampling, task assembly.</summary>
internal static class StreamBuilder
{
    /// <summary>Throws if a per-task cap is not positive.</summary>
    public static void Validate(StreamOptions options)
    {
        if (options.TrainPerTask is < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.TrainPerTask, "StreamOptions.TrainPerTask must be at least 1 (or null for all samples).");
        if (options.TestPerTask is < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.TestPerTask, "StreamOptions.TestPerTask must be at least 1 (or null for all samples).");
        if (options.Tasks is < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.Tasks, "StreamOptions.Tasks must be at least 1 (or null for every task).");
    }

    /// <summary>
    /// At most <paramref name="cap"/> of <paramref name="indices"/>: a uniformly random subset drawn from the seed and
    /// purpose, returned in the original (ascending) order.
    /// </summary>
    public static long[] Subsample(long[] indices, int? cap, long seed, params object[] purpose)
    {
        if (cap is null || cap.Value >= indices.Length) return indices;
        using var scope = NewDisposeScope();
        using var g = Seeds.Generator(seed, purpose);
        var order = randperm(indices.Length, generator: g).data<long>().ToArray();
        var chosen = order.Take(cap.Value).Select(i => indices[i]).ToArray();
        Array.Sort(chosen);
        return chosen;
    }

    /// <summary>Stream name: the base name for MNIST, "fashion-" + base name for Fashion-MNIST.</summary>
    public static string StreamName(string baseName, DatasetKind kind) => kind == DatasetKind.Mnist ? baseName : "fashion-" + baseName;

    /// <summary>
    /// A task from source indices: images selected, optionally transformed ([k, 784] → [k, 784], on CPU), labels
    /// selected and optionally offset, all moved to the options' device and detached from any caller scope.
    /// </summary>
    public static ContinualTask Task(int id, string name, IdxDataset data, long[] train, long[] test, StreamOptions options,
        Func<Tensor, Tensor>? transform = null, long labelOffset = 0)
    {
        var device = options.Device ?? CPU;
        using var scope = NewDisposeScope();
        (Tensor X, Tensor Y) Make(DatasetSplit split, long[] idx)
        {
            var x = split.Images(idx);
            if (transform is not null) x = transform(x);
            var y = split.Labels(idx);
            if (labelOffset != 0)
            {
                using var offset = labelOffset.ToScalar();
                y = y.add(offset, KeptScalars.One);
            }
            return (x.contiguous().to(device).DetachFromDisposeScope(), y.to(device).DetachFromDisposeScope());
        }
        var (trainX, trainY) = Make(data.Train, train);
        var (testX, testY) = Make(data.Test, test);
        return new ContinualTask(id, name, trainX, trainY, testX, testY);
    }
}
