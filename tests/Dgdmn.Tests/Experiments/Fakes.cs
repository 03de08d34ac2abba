using Dgdmn.Data;
using Dgdmn.Experiments;
using Dgdmn.Methods;
using static TorchSharp.torch;
using Dgdmn.Models;

namespace Dgdmn.Tests.Experiments;

/// <summary>Counts Learn calls across every fake method a factory built.</summary>
internal sealed class LearnLog
{
    public int Calls;

    /// <summary>Tasks the method had learned at each EndStream call that did something.</summary>
    public readonly List<int> EndStreamAfter = [];
}

/// <summary>
/// A deterministic stand-in for a continual method: its state is a score-bias tensor and a task counter; each
/// Learn adds a seeded random vector (from seed and task id, like real methods) and a bonus for the task's classes.
/// Scores mix the input's first pixels with the bias, so accuracies are fractional and seed-dependent.
/// </summary>
internal sealed class FakeMethod(string name, MethodContext context, LearnLog log) : IContinualMethod
{
    private Tensor _bias = zeros(context.Classes).DetachFromDisposeScope();
    private int _learned;

    public string Name => name;

    public TaskReport Learn(ContinualTask task, IProgress<TrainingProgress>? progress = null)
    {
        Interlocked.Increment(ref log.Calls);
        using (var scope = NewDisposeScope())
        {
            using var g = Seeds.Generator(context.Seed, "fake", name, task.Id);
            var step = rand(context.Classes, generator: g) * 0.6;
            var classes = task.TrainY.unique().Item1;
            step.index_add_(0, classes, ones(classes.shape[0]), 0.5);
            var next = (_bias * 0.7 + step).DetachFromDisposeScope();
            _bias.Dispose();
            _bias = next;
        }
        _learned++;
        progress?.Report(new TrainingProgress(name, task.Id, "fake", 1, 1, 0.5));
        return new TaskReport(task.Id, 0.01 * (task.Id + 1), 1, task.TrainCount, new Dictionary<string, double> { ["fake"] = 0.5 },
            Slept: task.Id % 2 == 1, SleepSeconds: task.Id % 2 == 1 ? 0.005 : 0);
    }

    /// <summary>With SleepAtEnd set, favours class 0 (so the last evaluation shows it ran) and reports a sleep.</summary>
    public TaskReport? EndStream(IProgress<TrainingProgress>? progress = null)
    {
        if (!context.Config.Memory.SleepAtEnd) return null;
        lock (log) log.EndStreamAfter.Add(_learned);
        _bias.narrow(0, 0, 1).add_(5.0);   // favour class 0: the last row changes
        return new TaskReport(-1, 0.5, 2, 7, new Dictionary<string, double> { ["end"] = 0.1 }, Slept: true, SleepSeconds: 0.5);
    }

    public Tensor Scores(Tensor x, int? taskId = null)
    {
        using var scope = NewDisposeScope();
        return (x.narrow(1, 0, context.Classes) + _bias).MoveToOuterDisposeScope();
    }

    public void Save(BinaryWriter writer)
    {
        writer.Write(_learned);
        foreach (var v in _bias.data<float>()) writer.Write(v);
    }

    public void Load(BinaryReader reader)
    {
        _learned = reader.ReadInt32();
        var values = new float[context.Classes];
        for (int i = 0; i < values.Length; i++) values[i] = reader.ReadSingle();
        _bias.Dispose();
        _bias = tensor(values).DetachFromDisposeScope();
    }

    public void Dispose() => _bias.Dispose();
}

internal static class Fakes
{
    public const int Tasks = 4;

    /// <summary>A seeded stream of <see cref="Tasks"/> one-class tasks, head size <see cref="Tasks"/>; test sizes follow the options' caps.</summary>
    public static TaskStream Stream(Benchmark benchmark, StreamOptions options)
    {
        var train = options.TrainPerTask ?? 20;
        var test = options.TestPerTask ?? 40;
        var tasks = new List<ContinualTask>();
        for (int i = 0; i < Tasks; i++)
        {
            using var g = Seeds.Generator(options.Seed, "fake-data", benchmark.Stream, i);
            tasks.Add(new ContinualTask(i, $"class {i}",
                rand(train, 784, generator: g), full(train, i, dtype: ScalarType.Int64),
                rand(test, 784, generator: g), full(test, i, dtype: ScalarType.Int64)));
        }
        return new TaskStream(benchmark.Stream, Tasks, tasks);
    }

    public static RunnerOptions Runner(LearnLog log) => new()
    {
        Streams = Stream,
        Methods = (name, context) => new FakeMethod(name, context, log),
    };

    public static ExperimentDefinition Definition(string name = "fake", int trainCap = 10) => new()
    {
        Name = name,
        Description = "Fake stream and methods for runner tests.",
        Benchmarks = [new Benchmark("fake-stream")],
        Methods = ["nn", "dgdmn"],
        Seeds = [1, 2],
        ConfigureStreams = (o, _) => o with { TrainPerTask = trainCap, TestPerTask = 25 },
    };

    /// <summary>Reports synchronously (Progress&lt;T&gt; would post to a thread pool).</summary>
    public sealed class SyncProgress(Action<RunProgress> onReport) : IProgress<RunProgress>
    {
        public void Report(RunProgress value) => onReport(value);
    }

    public static string TempFolder()
    {
        var path = Path.Combine(Path.GetTempPath(), "dgdmn-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }
}
