using Dgdmn.Methods;
using Dgdmn.Memory;
using TorchSharp;
using static TorchSharp.torch;
using Dgdmn.IO;

namespace Dgdmn.Tests.Memory;

[Collection(TorchRngCollection.Name)]
public sealed class GenerativeMemoryTests
{
    private static readonly Dictionary<int, int> Once0 = new() { [0] = 1 };

    private static MemoryTrainResult Train(GenerativeMemory m, int id, int label, long nMax = 10_000, int n = 64)
    {
        using var task = FakeTasks.Make(id, label, n);
        return m.Train(task.TrainX, task.TrainY, new Dictionary<int, int> { [id] = 1 }, 0.05, nMax, "test", id);
    }

    [Fact]
    public void FirstCallGeneratesNothingThenAgeSamplesAreReplayed()
    {
        using var scope = NewDisposeScope();
        using var m = FakeTasks.Memory();
        Assert.False(m.IsTrained);
        var first = Train(m, 0, 0);
        Assert.Equal((64L, 0L), (first.Allocation.New, first.Allocation.Generated));
        Assert.Equal(64, m.Age);
        Assert.Equal(Once0, m.Dictionary);
        Assert.True(m.LastTrainingError > 0);

        var second = Train(m, 1, 1);
        Assert.Equal((64L, 64L), (second.Allocation.New, second.Allocation.Generated));
        Assert.Equal(128, m.Age);
        Assert.Equal(new Dictionary<int, int> { [0] = 1, [1] = 1 }, m.Dictionary);
        Assert.Equal(64, second.ReplayedClasses.Sum());
        // 1 VAE epoch + 1 learner epoch over 128 rows each.
        Assert.Equal((2, 256L), (second.Epochs, second.SamplesProcessed));
    }

    [Fact]
    public void NMaxBindingSubsamplesTheNewData()
    {
        using var scope = NewDisposeScope();
        using var m = FakeTasks.Memory();
        Train(m, 0, 0);
        // 64 new + 64 age > N_max = 96: η = 1/2 → N_new = 48 of the 64 new, N_gen = 48.
        var r = Train(m, 1, 1, nMax: 96);
        Assert.Equal(new ReplayAllocation(48, 48, true, 0.5), r.Allocation);
        Assert.Equal(96, m.Age);
    }

    [Fact]
    public void ReplayLabelsComeFromTheLearnerBeforeTheCall()
    {
        using var scope = NewDisposeScope();
        using var m = FakeTasks.Memory(epochs: 5);
        Train(m, 0, 0);
        Train(m, 1, 1);
        // The learner before the third call never saw class 2, so the call's replay holds only classes 0 and 1,
        // although the learner after the call knows class 2 (spec §1.5 item 3).
        Assert.True(m.Generate(128, seed: 5).Y.lt(2).all().item<bool>());
        var third = Train(m, 2, 2);
        Assert.Equal(128, third.ReplayedClasses.Sum());
        Assert.Equal(0, third.ReplayedClasses[2]);
        using var task2 = FakeTasks.Make(2, 2);
        Assert.True(m.Scores(task2.TestX).argmax(1).eq(2).to(float32).mean().item<float>() > 0.5, "after the call the learner knows class 2");
    }

    [Fact]
    public void GenerateScoresAndReconstructHaveTheDocumentedShapesAndAreSeeded()
    {
        using var scope = NewDisposeScope();
        using var m = FakeTasks.Memory();
        Train(m, 0, 3);
        var (x1, y1) = m.Generate(10, seed: 1);
        var (x2, y2) = m.Generate(10, seed: 1);
        var (x3, _) = m.Generate(10, seed: 2);
        Assert.Equal(new long[] { 10, 784 }, x1.shape);
        Assert.Equal(new long[] { 10 }, y1.shape);
        Assert.Equal(ScalarType.Int64, y1.dtype);
        Assert.True(FakeTasks.Same(x1, x2) && FakeTasks.Same(y1, y2));
        Assert.False(FakeTasks.Same(x1, x3));
        Assert.True(x1.min().item<float>() >= 0 && x1.max().item<float>() <= 1);
        Assert.Equal(new long[] { 10, FakeTasks.Classes }, m.Scores(x1).shape);
        Assert.Equal(new long[] { 0, 784 }, m.Generate(0, 1).X.shape);
    }

    [Fact]
    public void SoftLabelsAreProbabilities()
    {
        using var scope = NewDisposeScope();
        using var m = FakeTasks.Memory(memory: MemoryConfig.Quick with { Labels = LabelMode.Soft });
        Train(m, 0, 0);
        var second = Train(m, 1, 1);                 // trains the learner on one-hot ∪ soft targets
        Assert.Equal(64, second.ReplayedClasses.Sum());
        var (_, y) = m.Generate(8, 1);
        Assert.Equal(new long[] { 8, FakeTasks.Classes }, y.shape);
        Assert.True(y.sum(1).allclose(ones(8), rtol: 1e-4, atol: 1e-5));
    }

    [Fact]
    public void ReconstructionErrorIsPerSampleMeanPixelBceOfTheClampedReconstruction()
    {
        using var scope = NewDisposeScope();
        using var m = FakeTasks.Memory();
        using var task = FakeTasks.Make(0, 4);
        m.Train(task.TrainX, task.TrainY, Once0, 0.05, 1000, "test", 0);
        var x = task.TestX;
        var error = m.ReconstructionError(x);
        var reference = nn.functional.binary_cross_entropy(m.Reconstruct(x).clamp(1e-7, 1 - 1e-7), x, reduction: nn.Reduction.None).mean([1L]);
        Assert.Equal(new long[] { x.shape[0] }, error.shape);
        Assert.True(error.allclose(reference, rtol: 1e-4, atol: 1e-6));
        // A saturated reconstruction of the opposite pixel hits the clamp: −log(1e-7) ≈ 16.1, not infinity.
        Assert.True(float.IsFinite(m.ReconstructionError(ones(2, 784)).max().item<float>()));
    }

    [Fact]
    public void ResetReinitialisesDeterministicallyAndClearsTheDictionary()
    {
        using var scope = NewDisposeScope();
        using var a = FakeTasks.Memory("sttm0");
        using var b = FakeTasks.Memory("sttm0");
        using var probe = FakeTasks.Make(9, 9);
        var initial = a.Scores(probe.TestX);
        Train(a, 0, 0); Train(b, 0, 0);
        a.Reset(); b.Reset();
        Assert.Equal(0, a.Age);
        Assert.Empty(a.Dictionary);
        Assert.True(double.IsNaN(a.LastTrainingError));
        var sa = a.Scores(probe.TestX);
        Assert.True(FakeTasks.Same(sa, b.Scores(probe.TestX)));
        Assert.False(FakeTasks.Same(sa, initial));                  // a new draw, not the initial weights again
        var again = Train(a, 1, 1);
        Assert.Equal(0, again.Allocation.Generated);      // a reset memory is untrained again
    }

    [Fact]
    public void SaveLoadRoundTripContinuesIdentically()
    {
        using var scope = NewDisposeScope();
        using var straight = FakeTasks.Memory();
        Train(straight, 0, 0);
        var state = MethodState.ToBytes(straight.Save);
        Train(straight, 1, 1);

        using var resumed = FakeTasks.Memory();   // untrained: the trained weights must come from the file
        MethodState.FromBytes(state, resumed.Load);
        Train(resumed, 1, 1);
        using var probe = FakeTasks.Make(5, 5);
        Assert.True(FakeTasks.Same(straight.Scores(probe.TestX), resumed.Scores(probe.TestX)));
        Assert.Equal(straight.Dictionary, resumed.Dictionary);
        Assert.Equal((straight.Age, straight.TrainCalls), (resumed.Age, resumed.TrainCalls));
    }

    [Fact]
    public void LoadingIntoADifferentMemoryFailsByName()
    {
        using var a = FakeTasks.Memory("ltm");
        using var b = FakeTasks.Memory("sttm0");
        var state = MethodState.ToBytes(a.Save);
        var e = Assert.Throws<InvalidDataException>(() => MethodState.FromBytes(state, b.Load));
        Assert.Contains("memory name", e.Message);
        using var c = FakeTasks.Memory("ltm", seed: 4);
        Assert.Contains("run seed", Assert.Throws<InvalidDataException>(() => MethodState.FromBytes(state, c.Load)).Message);
    }

    [Fact]
    public void BadInputsAreRejected()
    {
        using var scope = NewDisposeScope();
        using var m = FakeTasks.Memory();
        Assert.Contains("empty task", Assert.Throws<ArgumentException>(() =>
            m.Train(zeros(0, 784), zeros(0, dtype: int64), Once0, 0.05, 100, "dgr", 4)).Message);
        Assert.Contains("[n, 784]", Assert.Throws<ArgumentException>(() =>
            m.Train(zeros(4, 10), zeros(4, dtype: int64), Once0, 0.05, 100, "dgr", 4)).Message);
        Assert.Contains("labels", Assert.Throws<ArgumentException>(() =>
            m.Train(zeros(4, 784), zeros(3, dtype: int64), Once0, 0.05, 100, "dgr", 4)).Message);
    }

    [Fact]
    public void TrainingLeavesNoLiveTensorsBehind()
    {
        using var outer = NewDisposeScope();
        using var m = FakeTasks.Memory();
        using var t0 = FakeTasks.Make(0, 0);
        using var t1 = FakeTasks.Make(1, 1);
        m.Train(t0.TrainX, t0.TrainY, Once0, 0.05, 1000, "test", 0);
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        m.Train(t1.TrainX, t1.TrainY, new Dictionary<int, int> { [1] = 1 }, 0.05, 1000, "test", 1);
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}
