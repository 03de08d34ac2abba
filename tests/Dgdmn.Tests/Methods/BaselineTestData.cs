using Dgdmn.Data;
using Xunit.Abstractions;
using Dgdmn.Methods;
using Dgdmn.Models;
using TorchSharp;
using static TorchSharp.torch;
using Dgdmn.IO;

namespace Dgdmn.Tests.Methods;

/// <summary>Tiny synthetic class-incremental streams and checks shared by the classifier-baseline tests.</summary>
internal static class BaselineTestData
{
    public const int Classes = 3;

    /// <summary>Small nets and few epochs: each Learn call takes milliseconds.</summary>
    public static MethodConfig Config { get; } = MethodConfig.Quick with
    {
        Training = TrainingConfig.Paper with { LearnerEpochs = 2, BatchSize = 16 },
        Networks = NetworkConfig.Quick with { LearnerHidden = [16] },
        Baselines = BaselineConfig.Quick with { FisherSamples = 16, ReplayBuffer = 30, PseudoPatternFactor = 0.5 },
    };

    public static MethodContext Context(long seed = 1, MethodConfig? config = null) =>
        new(Classes, seed, CPU, config ?? Config, Classes * 64);

    /// <summary>
    /// One task per class: class c lights pixel rows 9c..9c+8 (of 28) on faint noise, so each class is easy
    /// and a fine-tuned net forgets the others. Train 64, test 32 per task.
    /// </summary>
    public static TaskStream Stream(long seed = 5, int train = 64, int test = 32)
    {
        var tasks = new List<ContinualTask>();
        for (int c = 0; c < Classes; c++)
        {
            using var g = Seeds.Generator(seed, "synthetic", c);
            tasks.Add(new ContinualTask(c, $"class {c}", Images(c, train, g), full(train, (long)c, dtype: int64),
                Images(c, test, g), full(test, (long)c, dtype: int64)));
        }
        return new TaskStream("synthetic", Classes, tasks);
    }

    private static Tensor Images(int c, int n, Generator g)
    {
        using var scope = NewDisposeScope();
        var x = rand(new long[] { n, 28, 28 }, generator: g) * 0.3;
        x[TensorIndex.Colon, TensorIndex.Slice(9 * c, 9 * c + 9), TensorIndex.Colon] += 0.7;
        return x.clamp(0, 1).reshape(n, 784).MoveToOuterDisposeScope();
    }

    /// <summary>All tasks' test inputs stacked, [T·m, 784].</summary>
    public static Tensor AllTest(TaskStream stream) => cat(stream.Select(t => t.TestX).ToList());

    /// <summary>Trains a fresh method on the whole stream and returns its scores on every test input.</summary>
    public static Tensor RunAll(Func<MethodContext, IContinualMethod> make, TaskStream stream, long seed = 1)
    {
        using var method = make(Context(seed));
        foreach (var task in stream) method.Learn(task);
        return method.Scores(AllTest(stream));
    }

    /// <summary>Save after task 1, load into a fresh instance, learn the rest: identical scores to a straight run.</summary>
    public static void AssertResumeMatchesStraightRun(Func<MethodContext, IContinualMethod> make)
    {
        using var scope = NewDisposeScope();
        using var stream = Stream();
        var straight = RunAll(make, stream);

        byte[] state;
        using (var first = make(Context()))
        {
            first.Learn(stream[0]);
            state = MethodState.ToBytes(first.Save);
        }
        using var resumed = make(Context());
        MethodState.FromBytes(state, resumed.Load);
        foreach (var task in stream.Skip(1)) resumed.Learn(task);
        var scores = resumed.Scores(AllTest(stream));
        Assert.True(Same(straight, scores), $"{resumed.Name}: resumed run differs by {(straight - scores).abs().max().item<float>()}");
    }

    /// <summary>Same seed, same scores; another seed, other scores.</summary>
    public static void AssertDeterministic(Func<MethodContext, IContinualMethod> make)
    {
        using var scope = NewDisposeScope();
        using var stream = Stream();
        var a = RunAll(make, stream, seed: 3);
        var b = RunAll(make, stream, seed: 3);
        var c = RunAll(make, stream, seed: 4);
        Assert.True(Same(a, b), "same seed gave different scores");
        Assert.False(Same(a, c), "different seeds gave identical scores");
    }

    /// <summary>Same shape and every element equal.</summary>
    public static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    /// <summary>
    /// Digits at quick scale (capped per-task data, seed 1) from DGDMN_MNIST_DIR; fails with a clear message when
    /// the variable is unset or names a missing folder.
    /// </summary>
    public static TaskStream DigitsQuick(int trainPerTask = DigitsTrainPerTask)
    {
        var dir = Environment.GetEnvironmentVariable("DGDMN_MNIST_DIR");
        if (string.IsNullOrWhiteSpace(dir) || !Directory.Exists(dir))
            Assert.Fail($"DGDMN_MNIST_DIR is {(string.IsNullOrWhiteSpace(dir) ? "unset" : $"'{dir}', which does not exist")}. " +
                "Set it to the folder holding MNIST's four IDX files (e.g. the 10k subset) to run the Digits behaviour tests.");
        return Digits.Create(StreamOptions.Quick with { Seed = 1, TrainPerTask = trainPerTask, TestPerTask = 100, DatasetDirectory = dir });
    }

    /// <summary>Training images per Digits task in the behaviour tests.</summary>
    public const int DigitsTrainPerTask = 300;

    /// <summary>
    /// Runs a fresh method (MethodConfig.Quick, seed 1) over Digits quick and returns the accuracy on every task
    /// after the last one, plus the whole run's seconds (reported, never asserted).
    /// </summary>
    public static (double[] Accuracies, double Seconds) RunDigits(Func<MethodContext, IContinualMethod> make, ITestOutputHelper output,
        int trainPerTask = DigitsTrainPerTask, MethodConfig? config = null)
    {
        using var scope = NewDisposeScope();
        using var stream = DigitsQuick(trainPerTask);
        long trainSize = stream.Sum(t => (long)t.TrainCount);
        using var method = make(new MethodContext(stream.Classes, 1, CPU, config ?? MethodConfig.Quick, trainSize));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        foreach (var task in stream) method.Learn(task);
        double seconds = clock.Elapsed.TotalSeconds;
        double cpuSeconds = (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        var accuracies = TaskAccuracies(method, stream);
        output.WriteLine($"{method.Name} on Digits quick: ACC {accuracies.Average():F3} [{string.Join(" ", accuracies.Select(a => a.ToString("F2")))}] in {seconds:F1} s wall, {cpuSeconds:F1} s CPU ({trainPerTask} train images per task)");
        return (accuracies, seconds);
    }

    /// <summary>Accuracy of argmax scores on the stream's test sets, per task.</summary>
    public static double[] TaskAccuracies(IContinualMethod method, TaskStream stream)
    {
        using var scope = NewDisposeScope();
        return stream.Select(t => (double)method.Predict(t.TestX).eq(t.TestY).to(float32).mean().item<float>()).ToArray();
    }
}
