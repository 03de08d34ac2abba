using Dgdmn.Memory;
using Dgdmn.Methods;
using Dgdmn.Tests.Memory;
using static TorchSharp.torch;
using Dgdmn.IO;

namespace Dgdmn.Tests.Methods;

[Collection(TorchRngCollection.Name)]
public sealed class DgrTests
{
    private static TaskReport Learn(IContinualMethod m, int id)
    {
        using var task = FakeTasks.Make(id, id);
        return m.Learn(task);
    }

    [Fact]
    public void EveryTaskIsConsolidatedStraightIntoOneMemory()
    {
        using var scope = NewDisposeScope();
        using var dgr = new Dgr(FakeTasks.Context());
        Assert.Equal("dgr", dgr.Name);
        var first = Learn(dgr, 0);
        Assert.Equal(new[] { "ltm.learner", "ltm.vae" }, first.FinalLosses.Keys.Order());
        Assert.False(first.Slept);
        Assert.Equal(64, dgr.Memory.Age);
        var second = Learn(dgr, 1);
        Assert.Equal(128, dgr.Memory.Age);                     // 64 new + 64 replayed
        Assert.Equal((2, 256L), (second.Epochs, second.SamplesProcessed));
        Assert.Equal(new Dictionary<int, int> { [0] = 1, [1] = 1 }, dgr.Memory.Dictionary);
    }

    [Fact]
    public void ScoresIgnoreTheTaskId()
    {
        using var scope = NewDisposeScope();
        using var dgr = new Dgr(FakeTasks.Context());
        Learn(dgr, 0);
        using var probe = FakeTasks.Make(3, 3);
        var s = dgr.Scores(probe.TestX);
        Assert.Equal(new long[] { probe.TestCount, FakeTasks.Classes }, s.shape);
        Assert.True(FakeTasks.Same(s, dgr.Scores(probe.TestX, 0)));
        Assert.True(FakeTasks.Same(s, dgr.Scores(probe.TestX, 5)));
    }

    [Fact]
    public void ReplayKeepsTheFirstTaskAfterTheSecond()
    {
        // Spec §1.5 item 3: after task 2, old-task accuracy is far above NN's 0 (one class per task).
        using var scope = NewDisposeScope();
        using var dgr = new Dgr(new MethodContext(FakeTasks.Classes, 5, CPU, FakeTasks.Config(epochs: 20), 640));
        using var t0 = FakeTasks.Make(0, 0);
        using var t1 = FakeTasks.Make(1, 1);
        dgr.Learn(t0);
        dgr.Learn(t1);
        float Accuracy(Dgdmn.Data.ContinualTask t) => ((IContinualMethod)dgr).Predict(t.TestX).eq(t.TestY).to(float32).mean().item<float>();
        Assert.True(Accuracy(t0) > 0.5, $"task 0 accuracy {Accuracy(t0)}");
        Assert.True(Accuracy(t1) > 0.5, $"task 1 accuracy {Accuracy(t1)}");
    }

    [Fact]
    public void SaveLoadAfterTaskKContinuesExactlyAsAStraightRun()
    {
        using var scope = NewDisposeScope();
        var context = FakeTasks.Context();
        using var straight = new Dgr(context);
        for (int t = 0; t < 3; t++) Learn(straight, t);
        byte[] state;
        using (var first = new Dgr(context))
        {
            Learn(first, 0);
            state = MethodState.ToBytes(first.Save);
        }
        using var resumed = new Dgr(context);
        MethodState.FromBytes(state, resumed.Load);
        for (int t = 1; t < 3; t++) Learn(resumed, t);
        using var probe = FakeTasks.Make(9, 9);
        Assert.True(FakeTasks.Same(straight.Scores(probe.TestX), resumed.Scores(probe.TestX)));
    }

    [Fact]
    public void LoadRejectsAnotherMethodsState()
    {
        using var dgdmn = new DualMemoryNetwork(FakeTasks.Context());
        using var dgr = new Dgr(FakeTasks.Context());
        var state = MethodState.ToBytes(dgdmn.Save);
        Assert.Contains("'dgr' was expected", Assert.Throws<InvalidDataException>(() => MethodState.FromBytes(state, dgr.Load)).Message);
    }

    [Fact]
    public void NMaxBelowTheBatchSizeIsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => new Dgr(FakeTasks.Context(MemoryConfig.Quick with { NMax = 31 })));
        Assert.Contains("MemoryConfig.NMax", e.Message);
        Assert.Contains("BatchSize", e.Message);
    }
}
