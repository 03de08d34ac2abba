using Dgdmn.Data;
using Dgdmn.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Dgdmn.Methods;

/// <summary>
/// Exact replay, ER (an extra baseline, not in the paper; spec §5): a buffer of at most M =
/// BaselineConfig.ReplayBuffer real training samples, split evenly over the tasks seen so far and chosen at random
/// within each task. Each task trains on its data together with the buffer (concatenated, or with
/// <see cref="BaselineConfig.ReplayEveryStep"/> a buffer batch in every step); afterwards the task gets its share of
/// the buffer and older tasks shrink to theirs (M / tasks seen, the remainder going to the earliest tasks).
/// </summary>
/// <remarks>
/// Each task's share is stored in a random order, so shrinking it to its first rows keeps a random subset.
/// A revisited task (same id) draws its new share from its stored samples together with the new data.
/// </remarks>
public sealed class ExactReplay : ClassifierMethod
{
    private readonly List<(int TaskId, Tensor X, Tensor Y)> _buffer = [];

    /// <summary>Builds ER.</summary>
    /// <param name="context">Head size, seed, device and settings of the run.</param>
    public ExactReplay(MethodContext context) : base("er", context) { }

    /// <summary>M, the most samples the buffer holds.</summary>
    public int Capacity => Context.Config.Baselines.ReplayBuffer;

    /// <summary>
    /// The buffer: per seen task (in order of first appearance) its stored inputs [m, 784] and labels [m].
    /// Owned by the method: read, do not modify or dispose.
    /// </summary>
    public IReadOnlyList<(int TaskId, Tensor X, Tensor Y)> Buffer => _buffer;

    /// <summary>Samples in the buffer (at most <see cref="Capacity"/>).</summary>
    public long BufferCount => _buffer.Sum(b => b.X.shape[0]);

    /// <inheritdoc />
    protected override FitResult Train(ContinualTask task, IProgress<TrainingProgress>? progress)
    {
        FitResult fit;
        if (_buffer.Count == 0) fit = Fit(task.TrainX, task.TrainY, task, progress);
        else if (!Context.Config.Baselines.ReplayEveryStep)
            fit = Fit(cat([task.TrainX, .. _buffer.Select(b => b.X)]), cat([task.TrainY, .. _buffer.Select(b => b.Y)]), task, progress);
        else
        {
            var x = cat(_buffer.Select(b => b.X).ToList());
            var y = cat(_buffer.Select(b => b.Y).ToList());
            using var draws = TaskGenerator("replay");
            fit = Fit(task.TrainX, task.TrainY, task, progress, replay: BufferReplay(x, y, draws, Context.Config.Training.BatchSize, TasksAfter(task)));
        }
        Rebalance(task);
        return fit;
    }

    /// <summary>
    /// The replay of <see cref="BaselineConfig.ReplayEveryStep"/>: every step a batch of <paramref name="batch"/> rows
    /// drawn uniformly with replacement from the buffer (x, y), the current batch weighted 1/t and the replay (t − 1)/t.
    /// </summary>
    /// <param name="x">[m, 784] buffer inputs.</param>
    /// <param name="y">[m] buffer labels.</param>
    /// <param name="draws">Generator of the row draws.</param>
    /// <param name="batch">Rows per replay batch (the training batch size).</param>
    /// <param name="tasks">t, the tasks seen once this one is learned.</param>
    private ReplayStream BufferReplay(Tensor x, Tensor y, Generator draws, int batch, int tasks) =>
        new(() =>
        {
            var rows = randint(x.shape[0], [batch], generator: draws).to(x.device);
            return (x.index_select(0, rows), y.index_select(0, rows));
        }, 1.0 / tasks, (xr, yr) => Learner.Loss(xr, yr));

    // t: tasks in the buffer once this one is in it (a revisited task is not new).
    private int TasksAfter(ContinualTask task) => _buffer.Exists(b => b.TaskId == task.Id) ? _buffer.Count : _buffer.Count + 1;

    /// <summary>Adds the task's share and shrinks every share to M / tasks seen.</summary>
    private void Rebalance(ContinualTask task)
    {
        int slot = _buffer.FindIndex(b => b.TaskId == task.Id);
        int tasks = slot < 0 ? _buffer.Count + 1 : _buffer.Count;
        int Share(int i) => Capacity / tasks + (i < Capacity % tasks ? 1 : 0);

        using var scope = NewDisposeScope();
        var candidatesX = slot < 0 ? task.TrainX : cat([_buffer[slot].X, task.TrainX]);
        var candidatesY = slot < 0 ? task.TrainY : cat([_buffer[slot].Y, task.TrainY]);
        long n = candidatesX.shape[0];
        using var generator = TaskGenerator("buffer");
        var order = randperm(n, generator: generator).to(candidatesX.device);
        int index = slot < 0 ? tasks - 1 : slot;
        var pick = order.narrow(0, 0, Math.Min(n, Share(index)));
        var fresh = (task.Id, Keep(candidatesX.index_select(0, pick)), Keep(candidatesY.index_select(0, pick)));

        if (slot < 0) _buffer.Add(fresh);
        else { Release(_buffer[slot]); _buffer[slot] = fresh; }
        for (int i = 0; i < _buffer.Count; i++)
        {
            var (id, x, y) = _buffer[i];
            long keep = Math.Min(x.shape[0], Share(i));
            if (keep == x.shape[0]) continue;
            _buffer[i] = (id, Keep(x.narrow(0, 0, keep)), Keep(y.narrow(0, 0, keep)));
            x.Dispose(); y.Dispose();
        }
    }

    /// <inheritdoc />
    protected override void SaveState(BinaryWriter writer)
    {
        writer.Write(_buffer.Count);
        foreach (var (id, x, y) in _buffer)
        {
            writer.Write(id);
            WriteTensors(writer, [x, y]);
        }
    }

    /// <inheritdoc />
    protected override Action LoadState(BinaryReader reader)
    {
        int count = reader.ReadInt32();
        if (count < 0) throw new InvalidDataException($"{Name}: the stream's replay buffer has {count} tasks; the file is damaged.");
        var loaded = new List<(int, Tensor, Tensor)>(count);
        try
        {
            for (int i = 0; i < count; i++)
            {
                int id = reader.ReadInt32();
                var pair = ReadTensors(reader);
                if (pair.Count != 2 || pair[0].shape[0] != pair[1].shape[0])
                {
                    foreach (var t in pair) t.Dispose();
                    throw new InvalidDataException($"{Name}: the replay buffer of task {id} is damaged (inputs and labels do not match).");
                }
                loaded.Add((id, pair[0], pair[1]));
            }
        }
        catch
        {
            foreach (var b in loaded) Release(b);
            throw;
        }
        return () =>
        {
            Clear();
            _buffer.AddRange(loaded);
        };
    }

    private static void Release((int, Tensor X, Tensor Y) entry)
    {
        entry.X.Dispose(); entry.Y.Dispose();
    }

    private void Clear()
    {
        foreach (var b in _buffer) Release(b);
        _buffer.Clear();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) Clear();
    }
}
