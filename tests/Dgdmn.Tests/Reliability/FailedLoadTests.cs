using Dgdmn.Data;
using Dgdmn.IO;
using Dgdmn.Methods;
using Dgdmn.Tests.Memory;
using Dgdmn.Tests.Methods;
using static TorchSharp.torch;

namespace Dgdmn.Tests.Reliability;

/// <summary>
/// A checkpoint state cut anywhere fails to load and leaves the method exactly as it was: the same predictions and
/// the same saved bytes. This is each method's own Load (ClassifierMethod reads everything first; DGR, DGDMN and
/// GenerativeMemory keep their state and put it back), not only the runner's <see cref="MethodState.FromBytesAllOrNothing"/>.
/// </summary>
[Collection(TorchRngCollection.Name)]
public sealed class FailedLoadTests
{
    public static TheoryData<string> Methods => ["ewc", "dgr", "dgdmn", "memory"];

    [Theory]
    [MemberData(nameof(Methods))]
    public void ATruncatedStateLeavesPredictionsAndStateUnchanged(string method)
    {
        using var scope = NewDisposeScope();
        using var probe = FakeTasks.Make(5, 2);
        using var source = Make(method);
        using var target = Make(method);
        using (var task = FakeTasks.Make(0, 0)) Learn(source, task);
        using (var task = FakeTasks.Make(1, 1)) Learn(target, task);   // different weights and counters than the source
        var saved = MethodState.ToBytes(source.Save);
        var before = MethodState.ToBytes(target.Save);
        var predictions = Scores(target, probe.TestX);
        Assert.NotEqual(saved, before);   // else a half load could go unnoticed

        var cuts = Enumerable.Range(1, 24).Select(k => (int)((long)saved.Length * k / 25)).Concat([0, 1, saved.Length - 1]).Distinct();
        foreach (var cut in cuts)
        {
            // The method's own Load (not MethodState.FromBytesAllOrNothing, which would restore it from a copy).
            Assert.Throws<InvalidDataException>(() => MethodState.FromBytes(saved[..cut], target.Load));
            Assert.True(FakeTasks.Same(predictions, Scores(target, probe.TestX)), $"predictions changed after a load cut at {cut} of {saved.Length} bytes");
            Assert.Equal(before, MethodState.ToBytes(target.Save));
        }
        MethodState.FromBytes(saved, target.Load);   // the whole state loads
        Assert.Equal(saved, MethodState.ToBytes(target.Save));
        Assert.True(FakeTasks.Same(Scores(source, probe.TestX), Scores(target, probe.TestX)));
    }

    private sealed record Subject(Action<BinaryWriter> Save, Action<BinaryReader> Load, Func<Tensor, Tensor> Scores, Action<ContinualTask> Learn, IDisposable Owner) : IDisposable
    {
        public void Dispose() => Owner.Dispose();
    }

    private static Subject Make(string method)
    {
        if (method == "memory")
        {
            var memory = FakeTasks.Memory();
            return new(memory.Save, memory.Load, x => memory.Scores(x),
                t => memory.Train(t.TrainX, t.TrainY, new Dictionary<int, int> { [t.Id] = 1 }, 0.05, 10_000, "test", t.Id), memory);
        }
        IContinualMethod m = method switch
        {
            "ewc" => new Ewc(BaselineTestData.Context()),
            "dgr" => new Dgr(FakeTasks.Context()),
            _ => new DualMemoryNetwork(FakeTasks.Context()),
        };
        return new(m.Save, m.Load, x => m.Scores(x), t => m.Learn(t), m);
    }

    private static void Learn(Subject s, ContinualTask task) => s.Learn(task);

    private static Tensor Scores(Subject s, Tensor x) => s.Scores(x);
}
