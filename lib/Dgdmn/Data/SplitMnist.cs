using TorchSharp;
using static TorchSharp.torch;

namespace Dgdmn.Data;

/// <summary>
/// Split MNIST (community protocol, van de Ven et al.): five tasks of two classes, (0,1), (2,3), ..., (8,9) by
/// default; labels are the digits themselves on one shared 10-way head (class-incremental).
/// </summary>
public static class SplitMnist
{
    /// <summary>Number of tasks (5).</summary>
    public const int Tasks = 5;

    /// <summary>Builds the stream; task k holds the images of the two digits <see cref="Pairs"/> gives it.</summary>
    /// <param name="options">Seed, per-task caps (a seeded subsample of the task's two-class set), dataset, device.</param>
    /// <param name="shufflePairs">Assign digits to tasks by a seeded random order instead of (0,1), (2,3), ...</param>
    /// <param name="domainLabels">Domain-incremental variant: label = position of the digit within its pair (0 or 1), 2-way head.</param>
    public static TaskStream Create(StreamOptions options, bool shufflePairs = false, bool domainLabels = false)
    {
        StreamBuilder.Validate(options);
        var data = IdxDataset.Load(options);
        var pairs = Pairs(options.Seed, shufflePairs);
        var list = new List<ContinualTask>();
        try
        {
            for (int k = 0; k < Tasks; k++)
            {
                var (a, b) = pairs[k];
                var train = StreamBuilder.Subsample(data.Train.IndicesOf(a, b), options.TrainPerTask, options.Seed, "subsample", "splitmnist", "train", a, b);
                var test = StreamBuilder.Subsample(data.Test.IndicesOf(a, b), options.TestPerTask, options.Seed, "subsample", "splitmnist", "test", a, b);
                var name = options.Dataset == DatasetKind.Mnist ? $"digits {a},{b}" : $"{data.ClassNames[a]}, {data.ClassNames[b]}";
                var task = StreamBuilder.Task(k, name, data, train, test, options);
                list.Add(domainLabels ? WithinPairLabels(task, b) : task);
            }
            var streamName = StreamBuilder.StreamName(domainLabels ? "split-mnist-domain" : "split-mnist", options.Dataset);
            return new TaskStream(streamName, domainLabels ? 2 : 10, list);
        }
        catch
        {
            foreach (var t in list) t.Dispose();
            throw;
        }
    }

    // The community's domain-IL split MNIST asks "first or second digit of the pair?" on a 2-way head.
    private static ContinualTask WithinPairLabels(ContinualTask task, int second)
    {
        using var secondScalar = second.ToScalar();
        var relabelled = task with
        {
            TrainY = task.TrainY.eq(secondScalar).to(ScalarType.Int64).DetachFromDisposeScope(),
            TestY = task.TestY.eq(secondScalar).to(ScalarType.Int64).DetachFromDisposeScope(),
        };
        task.TrainY.Dispose(); task.TestY.Dispose();
        return relabelled;
    }

    /// <summary>The two classes of each task: (0,1)...(8,9), or with <paramref name="shuffle"/> consecutive pairs of a seeded permutation of 0..9.</summary>
    /// <param name="seed">Stream seed (used only when shuffling).</param>
    /// <param name="shuffle">Draw the digit order from <c>Seeds.Generator(seed, "splitmnist", "pairs")</c>.</param>
    public static (int First, int Second)[] Pairs(long seed, bool shuffle)
    {
        var digits = Enumerable.Range(0, 10).ToArray();
        if (shuffle)
        {
            using var scope = NewDisposeScope();
            using var g = Seeds.Generator(seed, "splitmnist", "pairs");
            digits = randperm(10, generator: g).data<long>().Select(i => (int)i).ToArray();
        }
        return Enumerable.Range(0, Tasks).Select(k => (digits[2 * k], digits[2 * k + 1])).ToArray();
    }
}
