using Dgdmn.Memory;
using Dgdmn.Methods;
using Dgdmn.Models;
using static TorchSharp.torch;

namespace Dgdmn.Tests.Memory;

/// <summary>The community protocol's memory update (fresh replay, soft targets, seen classes, kept Adam) on tiny tasks.</summary>
[Collection(TorchRngCollection.Name)]
public sealed class FreshReplayTests
{
    private static readonly MemoryConfig Fresh = MemoryConfig.Community;

    private static GenerativeMemory Memory(long seed = 3)
    {
        var c = FakeTasks.Config(Fresh);
        var training = TrainingConfig.Community with { Iterations = 12, BatchSize = 16 };
        return new GenerativeMemory("ltm", MemoryArchitecture.LongTerm(c.Networks), FakeTasks.Classes, training, Fresh, seed, CPU);
    }

    private static MemoryTrainResult Train(GenerativeMemory m, int id, params int[] labels)
    {
        using var scope = NewDisposeScope();
        var tasks = labels.Select((l, i) => FakeTasks.Make(id * 10 + i, l)).ToList();
        var x = cat(tasks.Select(t => t.TrainX).ToList(), 0);
        var y = cat(tasks.Select(t => t.TrainY).ToList(), 0);
        var result = m.Train(x, y, new Dictionary<int, int> { [id] = 1 }, kappa: 0.05, nMax: 100, "test", id);
        foreach (var t in tasks) t.Dispose();
        return result;
    }

    [Fact]
    public void DistillationIsTheTemperatureSoftenedCrossEntropyTimesTSquared()
    {
        using var scope = NewDisposeScope();
        var student = tensor(new float[] { 1, 2, -1, 0.5f }).reshape(2, 2);
        var teacher = tensor(new float[] { 2, 0, 0, 3 }).reshape(2, 2);
        double T = 2;
        double Row(double s0, double s1, double t0, double t1)
        {
            double z = Math.Exp(t0 / T) + Math.Exp(t1 / T);
            double p0 = Math.Exp(t0 / T) / z, p1 = Math.Exp(t1 / T) / z;
            double lz = Math.Log(Math.Exp(s0 / T) + Math.Exp(s1 / T));
            return -(p0 * (s0 / T - lz) + p1 * (s1 / T - lz));
        }
        double expected = T * T * (Row(1, 2, 2, 0) + Row(-1, 0.5, 0, 3)) / 2;
        Assert.Equal(expected, Learner.Distillation(student, Learner.Soften(teacher, T), T).item<float>(), 5);

        // A student with a class the teacher lacks: the target puts 0 there, so only the log-probabilities of the
        // teacher's classes count, and a student that moves mass to the new class pays for it.
        var wide = tensor(new float[] { 1, 2, 0 }).reshape(1, 3);
        var padded = tensor(new float[] { 0.25f, 0.75f, 0 }).reshape(1, 3);
        double lz3 = Math.Log(Math.Exp(0.5) + Math.Exp(1) + Math.Exp(0));
        Assert.Equal(T * T * -(0.25 * (0.5 - lz3) + 0.75 * (1 - lz3)), Learner.Distillation(wide, padded, T).item<float>(), 5);
        var moved = tensor(new float[] { 1, 2, 4 }).reshape(1, 3);
        Assert.True(Learner.Distillation(moved, padded, T).item<float>() > Learner.Distillation(wide, padded, T).item<float>());
    }

    [Fact]
    public void PerNewTaskIterationsGiveAnUpdateOfTwoTasksTwiceTheSteps()
    {
        // Samples through the steps of one update (batch 16, 12 iterations): two tasks at once, with and without the switch.
        long Samples(bool perTask, int newTasks)
        {
            var c = FakeTasks.Config(Fresh);
            var memory = Fresh with { FreshReplay = Fresh.FreshReplay! with { IterationsPerNewTask = perTask } };
            using var m = new GenerativeMemory("ltm", MemoryArchitecture.LongTerm(c.Networks), FakeTasks.Classes,
                TrainingConfig.Community with { Iterations = 12, BatchSize = 16 }, memory, 3, CPU);
            using var scope = NewDisposeScope();
            var tasks = new[] { FakeTasks.Make(0, 0), FakeTasks.Make(1, 1) };
            var counts = Enumerable.Range(0, newTasks).ToDictionary(i => i, _ => 1);
            var result = m.Train(cat(tasks.Select(t => t.TrainX).ToList(), 0), cat(tasks.Select(t => t.TrainY).ToList(), 0), counts, kappa: 0.05, nMax: 100, "test", 0);
            foreach (var t in tasks) t.Dispose();
            Assert.Equal(result.Vae.SamplesProcessed, result.Learner.SamplesProcessed);
            return result.Vae.SamplesProcessed;
        }
        Assert.Equal(12 * 16, Samples(perTask: false, newTasks: 2));
        Assert.Equal(2 * 12 * 16, Samples(perTask: true, newTasks: 2));
        Assert.Equal(12 * 16, Samples(perTask: true, newTasks: 1));
        // Off, the switch leaves the configuration (and so every committed hash) as it was.
        Assert.DoesNotContain("IterationsPerNewTask", System.Text.Json.JsonSerializer.Serialize(Fresh.FreshReplay! with { IterationsPerNewTask = false }));
        Assert.Contains("IterationsPerNewTask", System.Text.Json.JsonSerializer.Serialize(Fresh.FreshReplay));
        Assert.True(MemoryConfig.Community.FreshReplay!.IterationsPerNewTask);   // the community preset gives DGDMN DGR's budget per task
    }

    [Fact]
    public void TheFrozenCopyIsThePreviousNetworkAndStaysSoWhileTheMemoryTrains()
    {
        using var scope = NewDisposeScope();
        using var m = Memory();
        Train(m, 0, 0, 1);
        var probe = FakeTasks.Make(9, 2).TestX;
        var (vae, learner) = m.FrozenCopies();
        using (vae)
        using (learner)
        {
            var before = learner.Logits(probe);
            Assert.True(FakeTasks.Same(before.narrow(1, 0, 2), m.Scores(probe).narrow(1, 0, 2)));   // a copy of the memory's learner
            Assert.All(vae.parameters().Concat(learner.parameters()), p => Assert.False(p.requires_grad));
            Train(m, 1, 2, 3);
            Assert.True(FakeTasks.Same(before, learner.Logits(probe)));                       // frozen: unchanged
            var live = m.Scores(probe);
            Assert.False(FakeTasks.Same(before.index_select(1, tensor(new long[] { 0, 1 })), live.index_select(1, tensor(new long[] { 0, 1 }))));
        }
    }

    [Fact]
    public void ScoresRangeOverTheClassesSeenSoFarAndNothingGeneratedIsStored()
    {
        using var scope = NewDisposeScope();
        using var m = Memory();
        var first = Train(m, 0, 0, 1);
        Assert.Equal(0, first.Allocation.Generated);
        Assert.Equal(new[] { true, true, false, false, false, false, false, false, false, false }, m.SeenClasses);
        var probe = FakeTasks.Make(9, 4).TestX;
        var scores = m.Scores(probe);
        Assert.True(scores.narrow(1, 2, 8).isneginf().all().item<bool>());
        Assert.True(scores.narrow(1, 0, 2).isfinite().all().item<bool>());
        var second = Train(m, 1, 2, 3);
        Assert.Equal(4, m.SeenClasses.Count(s => s));
        Assert.Equal(128 + 128, m.Age);                                  // every row it learned from, none generated
        Assert.Equal(12 * 16, second.ReplayedClasses.Sum());            // one replay batch per learner step
        Assert.Equal(0, second.ReplayedClasses.Skip(2).Sum());          // replay is labelled over the classes seen before
    }

    [Fact]
    public void ARestoredMemoryContinuesExactlyIncludingItsAdamState()
    {
        using var scope = NewDisposeScope();
        var probe = FakeTasks.Make(9, 1).TestX;
        using var straight = Memory();
        Train(straight, 0, 0, 1);
        var state = Dgdmn.IO.MethodState.ToBytes(straight.Save);
        Train(straight, 1, 2, 3);

        using var resumed = Memory();
        resumed.Load(new BinaryReader(new MemoryStream(state)));
        Train(resumed, 1, 2, 3);
        Assert.True(FakeTasks.Same(straight.Scores(probe), resumed.Scores(probe)));

        // Without the optimiser state (a fresh Adam after loading the weights) the same update ends elsewhere.
        var noAdam = FakeTasks.Config(Fresh);
        using var reset = new GenerativeMemory("ltm", MemoryArchitecture.LongTerm(noAdam.Networks), FakeTasks.Classes,
            TrainingConfig.Community with { Iterations = 12, BatchSize = 16, Adam = new AdamConfig { KeepStateAcrossTasks = false } }, Fresh, 3, CPU);
        Train(reset, 0, 0, 1);
        Train(reset, 1, 2, 3);
        Assert.False(FakeTasks.Same(straight.Scores(probe), reset.Scores(probe)));
    }
}
