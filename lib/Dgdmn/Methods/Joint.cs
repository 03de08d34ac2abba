using Dgdmn.Data;
using Dgdmn.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Dgdmn.Methods;

/// <summary>
/// Joint training (paper's reference; spec §5): at each task t the learner is re-initialised (seeded by t) and
/// trained from scratch on the union of the training data of tasks 1..t, LearnerEpochs. It keeps its own copies
/// of every task's training data it has seen, so it is the upper bound the other methods are compared with.
/// </summary>
/// <remarks>
/// Task t (k = t − 1 tasks learned before it) starts from <c>Seeds.SeedTorch(seed, "joint", "init", k)</c> and
/// trains on the tasks' data concatenated in the order seen (a revisited task's data is added again).
/// </remarks>
public sealed class Joint : ClassifierMethod
{
    private readonly List<(Tensor X, Tensor Y)> _seen = [];

    /// <summary>Builds Joint.</summary>
    /// <param name="context">Head size, seed, device and settings of the run.</param>
    public Joint(MethodContext context) : base("joint", context) { }

    /// <summary>Training samples stored across all tasks seen so far.</summary>
    public long StoredSamples => _seen.Sum(s => s.X.shape[0]);

    /// <inheritdoc />
    protected override FitResult Train(ContinualTask task, IProgress<TrainingProgress>? progress)
    {
        _seen.Add((Keep(task.TrainX), Keep(task.TrainY)));
        Reinitialise();
        var x = _seen.Count == 1 ? _seen[0].X : cat(_seen.Select(s => s.X).ToList());
        var y = _seen.Count == 1 ? _seen[0].Y : cat(_seen.Select(s => s.Y).ToList());
        return Fit(x, y, task, progress);
    }

    /// <inheritdoc />
    protected override void SaveState(BinaryWriter writer)
    {
        WriteTensors(writer, _seen.Select(s => s.X).ToList());
        WriteTensors(writer, _seen.Select(s => s.Y).ToList());
    }

    /// <inheritdoc />
    protected override Action LoadState(BinaryReader reader)
    {
        var xs = ReadTensors(reader);
        List<Tensor> ys;
        try { ys = ReadTensors(reader); }
        catch { foreach (var t in xs) t.Dispose(); throw; }
        if (xs.Count != ys.Count || xs.Zip(ys).Any(p => p.First.shape[0] != p.Second.shape[0]))
        {
            foreach (var t in xs.Concat(ys)) t.Dispose();
            throw new InvalidDataException($"{Name}: the stored inputs and labels do not match in number; the file is damaged.");
        }
        return () =>
        {
            Clear();
            _seen.AddRange(xs.Zip(ys));
        };
    }

    private void Clear()
    {
        foreach (var (x, y) in _seen) { x.Dispose(); y.Dispose(); }
        _seen.Clear();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) Clear();
    }
}
