using Dgdmn.Data;
using Dgdmn.Methods;
using Dgdmn.Models;
using TorchSharp;
using static TorchSharp.torch;
using Dgdmn.Torch;

namespace Dgdmn.Experiments;

/// <summary>
/// Fills one row of the accuracy matrix: a method's test accuracy on every task of a stream, seen or not
/// (spec §1.3), scored under a <see cref="Scenario"/>. Evaluation runs without gradients, in batches, each
/// batch inside its own dispose scope; only counts leave.
/// </summary>
public sealed class StreamEvaluator : IDisposable
{
    private readonly TaskStream _stream;
    private readonly Benchmark _benchmark;
    private readonly int _batchSize;
    private readonly Tensor?[] _masks;

    /// <summary>Prepares scoring for <paramref name="stream"/>; the stream stays owned by the caller.</summary>
    /// <param name="stream">The tasks to evaluate on (their TestX [m, 784], TestY [m]).</param>
    /// <param name="benchmark">Scenario and whether the task id is passed at test time.</param>
    /// <param name="batchSize">Test samples per forward pass (project default 1024).</param>
    public StreamEvaluator(TaskStream stream, Benchmark benchmark, int batchSize = 1024)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(benchmark);
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "Evaluation batch size must be at least 1.");
        _stream = stream; _benchmark = benchmark; _batchSize = batchSize;
        _masks = new Tensor?[stream.Count];
        var classes = new long[stream.Count][];
        for (int i = 0; i < stream.Count; i++)
        {
            using var labels = stream[i].TrainY.unique().Item1;
            classes[i] = labels.cpu().data<long>().ToArray();
        }
        TaskClasses = classes;
        ClassesPerTask = classes.Max(c => c.Length);
        if (benchmark.Scenario == Scenario.TaskIncremental)
            for (int i = 0; i < stream.Count; i++)
            {
                var present = new bool[stream.Classes];
                foreach (var c in classes[i])
                {
                    if (c < 0 || c >= stream.Classes)
                        throw new ArgumentException($"Stream '{stream.Name}', task {i}: label {c} is outside the head [0, {stream.Classes}).", nameof(stream));
                    present[c] = true;
                }
                _masks[i] = tensor(present, device: stream[i].TestX.device).DetachFromDisposeScope();
            }
    }

    /// <summary>The classes present in each task's training labels (task-incremental masks are built from them).</summary>
    public IReadOnlyList<long[]> TaskClasses { get; }

    /// <summary>The most classes any task has: k in domain-incremental scoring (label mod k).</summary>
    public int ClassesPerTask { get; }

    /// <summary>Accuracy on every task's test set, in task order: one row R[t, ·].</summary>
    public double[] Evaluate(IContinualMethod method)
    {
        ArgumentNullException.ThrowIfNull(method);
        return Enumerable.Range(0, _stream.Count).Select(i => Accuracy(method, i)).ToArray();
    }

    /// <summary>Accuracy of <paramref name="method"/> on task <paramref name="taskIndex"/>'s test set.</summary>
    public double Accuracy(IContinualMethod method, int taskIndex)
    {
        var task = _stream[taskIndex];
        if (task.TestCount == 0) throw new InvalidOperationException($"Task {taskIndex} ('{task.Name}') of stream '{_stream.Name}' has no test samples.");
        int? id = _benchmark.GivesTaskIdAtTest ? task.Id : null;
        long correct = 0;
        using var noGrad = no_grad();
        for (long start = 0; start < task.TestCount; start += _batchSize)
        {
            using var scope = NewDisposeScope();
            var length = Math.Min(_batchSize, task.TestCount - start);
            var x = task.TestX.narrow(0, start, length);
            var y = task.TestY.narrow(0, start, length);
            var scores = method.Scores(x, id);
            if (scores.shape.Length != 2 || scores.shape[0] != length || scores.shape[1] != _stream.Classes)
                throw new InvalidOperationException(
                    $"Method '{method.Name}' returned scores of shape [{string.Join(", ", scores.shape)}]; expected [{length}, {_stream.Classes}] (the stream's head).");
            correct += Correct(scores, y, taskIndex).item<long>();
        }
        return (double)correct / task.TestCount;
    }

    /// <summary>
    /// Class-incremental accuracy of <paramref name="method"/> on arbitrary inputs (e.g. corrupted test images),
    /// in no-grad batches of <paramref name="batchSize"/>.
    /// </summary>
    /// <param name="method">The method to score.</param>
    /// <param name="x">[n, 784] inputs in [0, 1]; not modified.</param>
    /// <param name="y">[n] int64 labels.</param>
    /// <param name="taskId">Task descriptor passed to <c>Scores</c>, or null.</param>
    /// <param name="batchSize">Samples per forward pass.</param>
    public static double Accuracy(IContinualMethod method, Tensor x, Tensor y, int? taskId = null, int batchSize = 1024)
    {
        ArgumentNullException.ThrowIfNull(method);
        var n = x.shape[0];
        if (n == 0) throw new ArgumentException("No samples to score.", nameof(x));
        long correct = 0;
        using var noGrad = no_grad();
        for (long start = 0; start < n; start += batchSize)
        {
            using var scope = NewDisposeScope();
            var length = Math.Min(batchSize, n - start);
            correct += method.Scores(x.narrow(0, start, length), taskId).argmax(1).eq(y.narrow(0, start, length)).sum().item<long>();
        }
        return (double)correct / n;
    }

    private Tensor Correct(Tensor scores, Tensor y, int taskIndex)
    {
        switch (_benchmark.Scenario)
        {
            case Scenario.ClassIncremental:
                return scores.argmax(1).eq(y).sum();
            case Scenario.TaskIncremental:
                var mask = _masks[taskIndex]!.to(scores.device);
                return scores.masked_fill(mask.logical_not(), KeptScalars.FloatNegativeInfinity).argmax(1).eq(y).sum();
            case Scenario.DomainIncremental:
                using (var k = ((long)ClassesPerTask).ToScalar())
                    return scores.argmax(1).remainder(k).eq(y.remainder(k)).sum();
            default:
                throw new ArgumentOutOfRangeException(nameof(_benchmark.Scenario), _benchmark.Scenario, "Unknown scenario.");
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var m in _masks) m?.Dispose();
    }
}
