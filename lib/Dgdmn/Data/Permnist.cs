using static TorchSharp.torch;

namespace Dgdmn.Data;

/// <summary>
/// Permnist (paper §4.2): each task applies a fixed pixel permutation π_k to every image and holds all ten
/// classes; task 0 is the identity. π_k is drawn once from the seed (<c>Seeds.Generator(seed, "permnist", k)</c>),
/// so it is identical for train and test and across calls (spec §1.5 test 2). Domain-incremental, 10-way head.
/// </summary>
public static class Permnist
{
    /// <summary>Default number of tasks (figure read-off, summary: 6).</summary>
    public const int DefaultTasks = 6;

    /// <summary>Builds the stream: task k = all images with <see cref="Permutation"/>(seed, k, fraction) applied, names "perm 0"...</summary>
    /// <param name="options">Seed, per-task caps (one seeded subsample shared by all tasks), dataset, device.</param>
    /// <param name="tasks">Number of tasks (default 6).</param>
    /// <param name="permuteFraction">Share f of the 784 positions that are permuted (ablation W9; default 1.0 = full permutation).</param>
    public static TaskStream Create(StreamOptions options, int tasks = DefaultTasks, double permuteFraction = 1.0)
    {
        StreamBuilder.Validate(options);
        if (tasks < 1) throw new ArgumentOutOfRangeException(nameof(tasks), tasks, "Permnist needs at least 1 task.");
        CheckFraction(permuteFraction);
        var data = IdxDataset.Load(options);
        var list = new List<ContinualTask>();
        try
        {
            // One subsample for every task, as in the full-size benchmark where every task permutes the same images.
            var train = StreamBuilder.Subsample(data.Train.AllIndices(), options.TrainPerTask, options.Seed, "subsample", "permnist", "train");
            var test = StreamBuilder.Subsample(data.Test.AllIndices(), options.TestPerTask, options.Seed, "subsample", "permnist", "test");
            for (int k = 0; k < tasks; k++)
            {
                var perm = Permutation(options.Seed, k, permuteFraction);
                list.Add(StreamBuilder.Task(k, $"perm {k}", data, train, test, options, x =>
                {
                    using var p = tensor(perm, ScalarType.Int64);
                    return x.index_select(1, p);
                }));
            }
            return new TaskStream(StreamBuilder.StreamName("permnist", options.Dataset), 10, list);
        }
        catch
        {
            foreach (var t in list) t.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The pixel permutation of task <paramref name="task"/>: permuted image x'[j] = x[π[j]]. Task 0 is the identity;
    /// otherwise ⌊f·784⌋ positions drawn from the seed are shuffled among themselves and the rest stay in place.
    /// </summary>
    /// <param name="seed">Stream seed.</param>
    /// <param name="task">0-based task id.</param>
    /// <param name="fraction">Share of positions permuted, in [0, 1].</param>
    /// <returns>π as 784 source indices.</returns>
    public static long[] Permutation(long seed, int task, double fraction = 1.0)
    {
        CheckFraction(fraction);
        var perm = Enumerable.Range(0, IdxReader.Pixels).Select(i => (long)i).ToArray();
        if (task == 0) return perm;
        int m = (int)Math.Floor(fraction * IdxReader.Pixels);
        using var scope = NewDisposeScope();
        using var g = Seeds.Generator(seed, "permnist", task);
        var positions = randperm(IdxReader.Pixels, generator: g).data<long>().ToArray();
        var shuffle = randperm(m, generator: g).data<long>().ToArray();
        for (int i = 0; i < m; i++) perm[positions[i]] = positions[shuffle[i]];
        return perm;
    }

    private static void CheckFraction(double f)
    {
        if (!(f >= 0 && f <= 1))
            throw new ArgumentOutOfRangeException("permuteFraction", f, "The permuted fraction must lie in [0, 1] (1 = full permutation).");
    }
}
