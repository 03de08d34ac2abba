using Dgdmn.Experiments;
using Dgdmn.Data;
using Dgdmn.Memory;
using Dgdmn.Methods;
using Dgdmn.Tests.Memory;
using static TorchSharp.torch;
using Dgdmn.IO;

namespace Dgdmn.Tests.Methods;

[Collection(TorchRngCollection.Name)]
public sealed class DualMemoryNetworkTests
{
    private static TaskReport Learn(IContinualMethod m, int id, int? label = null)
    {
        using var task = FakeTasks.Make(id, label ?? id);
        return m.Learn(task);
    }

    [Fact]
    public void SleepsAfterEveryTwoDistinctTasks()
    {
        using var scope = NewDisposeScope();
        using var dgdmn = new DualMemoryNetwork(FakeTasks.Context());
        var slept = Enumerable.Range(0, 6).Select(t => Learn(dgdmn, t).Slept).ToArray();
        // Paper tasks 2, 4, 6 (ids 1, 3, 5) trigger a sleep; odd paper tasks do not.
        Assert.Equal(new[] { false, true, false, true, false, true }, slept);
        Assert.Equal(3, dgdmn.SleepCount);
        Assert.Equal(Enumerable.Range(0, 6).ToDictionary(t => t, _ => 1), dgdmn.LtmDictionary);
        Assert.All(dgdmn.Sttms, s => Assert.Equal(0, s.Age));
        Assert.Equal(new int?[] { null, null }, dgdmn.SttmTasks);
        // After three sleeps the LTM holds 2 × 64 per sleep: 128, 256, 384 (N_max = 640 never binds).
        Assert.Equal(384, dgdmn.Ltm.Age);
    }

    [Fact]
    public void SleepGeneratesSleepSamplesPerAgeTimesEachSttmsAge()
    {
        using var scope = NewDisposeScope();
        var context = FakeTasks.Context();
        // Each STTM holds 64 rows; at 2.5 per age a sleep brings 2 × 160 generated rows, all kept (N_max 640 does not bind).
        using var dgdmn = new DualMemoryNetwork(FakeTasks.Context(context.Config.Memory with { SleepSamplesPerAge = 2.5 }));
        Learn(dgdmn, 0);
        var sleep = Learn(dgdmn, 1);
        Assert.Equal(320, dgdmn.Ltm.Age);
        Assert.Equal(128L + 2 * 320L, sleep.SamplesProcessed);     // STTM 64 × 2 models, LTM 320 × 2 models
        Assert.Contains("SleepSamplesPerAge", Assert.Throws<ArgumentException>(() =>
            (context.Config.Memory with { SleepSamplesPerAge = 0 }).Validate()).Message);
        // Unset, it stays out of the configuration hash, so committed references keep theirs.
        Assert.DoesNotContain("SleepSamplesPerAge", ExperimentRunner.CanonicalJson(MemoryConfig.Paper));
        Assert.Contains("SleepSamplesPerAge", ExperimentRunner.CanonicalJson(MemoryConfig.Paper with { SleepSamplesPerAge = 2 }));
    }

    [Fact]
    public void ReportNamesEveryModelTrainedAndTheSleep()
    {
        using var scope = NewDisposeScope();
        using var dgdmn = new DualMemoryNetwork(FakeTasks.Context());
        var wake = Learn(dgdmn, 0);
        Assert.Equal(new[] { "sttm0.learner", "sttm0.vae" }, wake.FinalLosses.Keys.Order());
        Assert.Equal((2, 128L), (wake.Epochs, wake.SamplesProcessed));
        Assert.False(wake.Slept);
        Assert.Equal(0, wake.SleepSeconds);
        var sleep = Learn(dgdmn, 1);
        Assert.Equal(new[] { "ltm.learner", "ltm.vae", "sttm1.learner", "sttm1.vae" }, sleep.FinalLosses.Keys.Order());
        // STTM: 64 rows × 2 models; LTM: 128 generated rows × 2 models.
        Assert.Equal((4, 128L + 256L), (sleep.Epochs, sleep.SamplesProcessed));
        Assert.True(sleep.Slept && sleep.SleepSeconds > 0 && sleep.SleepSeconds <= sleep.Seconds);
        Assert.All(sleep.FinalLosses.Values, v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void QueriesGoToTheSttmHoldingTheTaskElseToTheLtm()
    {
        using var scope = NewDisposeScope();
        using var dgdmn = new DualMemoryNetwork(FakeTasks.Context());
        using var probe = FakeTasks.Make(0, 0);
        var x = probe.TestX;
        Learn(dgdmn, 0);
        Assert.Equal(new int?[] { 0, null }, dgdmn.SttmTasks);
        Assert.True(dgdmn.Route(x, 0).eq(0).all().item<bool>());
        Assert.True(FakeTasks.Same(dgdmn.Scores(x, 0), dgdmn.Sttms[0].Scores(x)));
        // Unseen task and no task id: the (still untrained) LTM, no special case.
        Assert.True(dgdmn.Route(x, 7).eq(-1).all().item<bool>());
        Assert.True(FakeTasks.Same(dgdmn.Scores(x, 7), dgdmn.Ltm.Scores(x)));
        Assert.True(FakeTasks.Same(dgdmn.Scores(x), dgdmn.Ltm.Scores(x)));
        Assert.Equal(0, dgdmn.MemoryHolding(0));
        Assert.Empty(dgdmn.TrainingIds);                  // with task ids a batch trains under its id

        Learn(dgdmn, 1);                                  // sleep: task 0 now lives in the LTM only
        Assert.True(dgdmn.Route(x, 0).eq(-1).all().item<bool>());
        Assert.True(FakeTasks.Same(dgdmn.Scores(x, 0), dgdmn.Ltm.Scores(x)));
        Learn(dgdmn, 2);
        Assert.True(FakeTasks.Same(dgdmn.Scores(x, 2), dgdmn.Sttms[0].Scores(x)));
        Assert.True(FakeTasks.Same(((IContinualMethod)dgdmn).Predict(x, 2), dgdmn.Sttms[0].Scores(x).argmax(1)));
    }

    [Fact]
    public void ARepeatedTaskReusesItsSttmWithoutAPrematureSleep()
    {
        using var scope = NewDisposeScope();
        using var dgdmn = new DualMemoryNetwork(FakeTasks.Context());
        Learn(dgdmn, 0);
        var again = Learn(dgdmn, 0);
        Assert.False(again.Slept);
        Assert.Equal(new int?[] { 0, null }, dgdmn.SttmTasks);
        Assert.Equal(new Dictionary<int, int> { [0] = 2 }, dgdmn.Sttms[0].Dictionary);
        // N_max,STTM = 2 × 64: 64 new + 64 replayed fit without binding (§2.5 a).
        Assert.Equal(128, dgdmn.Sttms[0].Age);
        Assert.True(Learn(dgdmn, 1).Slept);
        Assert.Equal(new Dictionary<int, int> { [0] = 2, [1] = 1 }, dgdmn.LtmDictionary);
    }

    [Fact]
    public void ATaskKnownToTheLtmGetsLtmExtras()
    {
        using var scope = NewDisposeScope();
        int AgeAfterRevisit(bool extras)
        {
            using var dgdmn = new DualMemoryNetwork(FakeTasks.Context(MemoryConfig.Quick with { LtmExtras = extras }));
            Learn(dgdmn, 0); Learn(dgdmn, 1);
            var report = Learn(dgdmn, 0);
            Assert.Equal(new int?[] { 0, null }, dgdmn.SttmTasks);
            Assert.Equal(dgdmn.Sttms[0].Age * 2, report.SamplesProcessed);   // 1 epoch × (VAE + learner)
            return (int)dgdmn.Sttms[0].Age;
        }
        // §2.5 b: 64 real samples plus the LTM's 64 reconstructions (N_max,STTM = 128 does not bind).
        Assert.Equal(128, AgeAfterRevisit(extras: true));
        Assert.Equal(64, AgeAfterRevisit(extras: false));
    }

    [Fact]
    public void SleepEventsSeeTheSttmsBeforeAndTheLtmAfter()
    {
        using var scope = NewDisposeScope();
        using var dgdmn = new DualMemoryNetwork(FakeTasks.Context());
        var log = new List<string>();
        dgdmn.BeforeSleep += (s, e) =>
        {
            var net = (DualMemoryNetwork)s!;
            using var inner = NewDisposeScope();
            var (x, _) = net.Sttms[0].Generate(4, seed: 1);       // what a notebook grid would show
            log.Add($"before {e.Sleep} task {e.TaskId}: sttms {string.Join(",", net.SttmTasks)} ltm {net.Ltm.Age} x {x.shape[0]}");
        };
        dgdmn.AfterSleep += (s, e) =>
        {
            var net = (DualMemoryNetwork)s!;
            log.Add($"after {e.Sleep} task {e.TaskId}: sttms {string.Join(",", net.SttmTasks)} ltm {net.Ltm.Age}");
        };
        for (int t = 0; t < 4; t++) Learn(dgdmn, t);
        Assert.Equal(new[]
        {
            "before 1 task 1: sttms 0,1 ltm 0 x 4", "after 1 task 1: sttms , ltm 128",
            "before 2 task 3: sttms 2,3 ltm 128 x 4", "after 2 task 3: sttms , ltm 256",
        }, log);
    }

    [Fact]
    public void SleepAtEndConsolidatesTheLastTasksOnlyWhenAsked()
    {
        using var scope = NewDisposeScope();
        using var off = new DualMemoryNetwork(FakeTasks.Context());
        Learn(off, 0);
        Assert.Null(off.EndStream());
        using var on = new DualMemoryNetwork(FakeTasks.Context(MemoryConfig.Quick with { SleepAtEnd = true }));
        Learn(on, 0);
        var report = on.EndStream();
        Assert.NotNull(report);
        Assert.True(report.Slept);
        Assert.Equal(new Dictionary<int, int> { [0] = 1 }, on.LtmDictionary);
        Assert.Null(on.EndStream());                      // nothing left in the STTMs
    }

    [Fact]
    public void SaveLoadAfterTaskKContinuesExactlyAsAStraightRun()
    {
        using var scope = NewDisposeScope();
        using var probe = FakeTasks.Make(9, 9);
        var context = FakeTasks.Context();
        using var straight = new DualMemoryNetwork(context);
        for (int t = 0; t < 5; t++) Learn(straight, t);

        byte[] state;
        using (var first = new DualMemoryNetwork(context))
        {
            for (int t = 0; t < 3; t++) Learn(first, t);         // one sleep behind it, STTM 0 holding task 2
            state = MethodState.ToBytes(first.Save);
        }
        using var resumed = new DualMemoryNetwork(context);
        MethodState.FromBytes(state, resumed.Load);
        Assert.Equal(1, resumed.SleepCount);
        Assert.Equal(new int?[] { 2, null }, resumed.SttmTasks);
        for (int t = 3; t < 5; t++) Learn(resumed, t);

        for (int t = 0; t < 6; t++)
            Assert.True(FakeTasks.Same(straight.Scores(probe.TestX, t), resumed.Scores(probe.TestX, t)), $"task {t}");
        Assert.Equal(straight.SleepCount, resumed.SleepCount);
        Assert.Equal(straight.LtmDictionary, resumed.LtmDictionary);
    }

    [Fact]
    public void SameSeedSameScores()
    {
        using var scope = NewDisposeScope();
        using var probe = FakeTasks.Make(9, 9);
        Tensor Run(long seed)
        {
            using var m = new DualMemoryNetwork(FakeTasks.Context(seed: seed));
            for (int t = 0; t < 3; t++) Learn(m, t);
            return cat([m.Scores(probe.TestX, 0), m.Scores(probe.TestX, 2)], 0);
        }
        Assert.True(FakeTasks.Same(Run(1), Run(1)));
        Assert.False(FakeTasks.Same(Run(1), Run(2)));
    }

    [Fact]
    public void BadConfigurationIsRejectedByField()
    {
        string Fails(MemoryConfig memory, long trainSize = 640) =>
            Assert.Throws<ArgumentException>(() => new DualMemoryNetwork(FakeTasks.Context(memory, trainSize: trainSize))).Message;
        Assert.Contains("Kappa", Fails(MemoryConfig.Quick with { Kappa = 1.5 }));
        Assert.Contains("KappaSttm", Fails(MemoryConfig.Quick with { KappaSttm = -0.1 }));
        Assert.Contains("NStm", Fails(MemoryConfig.Quick with { NStm = 0 }));
        Assert.Contains("NMax", Fails(MemoryConfig.Quick with { NMax = 16 }));      // below the batch size 32
        Assert.Contains("NMax", Fails(MemoryConfig.Quick, trainSize: 20));          // default N_max = stream size 20

        using var dgdmn = new DualMemoryNetwork(FakeTasks.Context());
        using var empty = new ContinualTask(3, "empty", zeros(0, 784), zeros(0, dtype: int64), zeros(0, 784), zeros(0, dtype: int64));
        Assert.Contains("empty task", Assert.Throws<ArgumentException>(() => dgdmn.Learn(empty)).Message);
    }

    [Fact]
    public void AFailedLoadLeavesTheNetworkAsItWas()
    {
        using var scope = NewDisposeScope();
        var context = FakeTasks.Context();
        byte[] saved;
        using (var source = new DualMemoryNetwork(context))
        {
            for (int t = 0; t < 3; t++) Learn(source, t);
            saved = MethodState.ToBytes(source.Save);
        }
        using var target = new DualMemoryNetwork(context);
        Learn(target, 7);
        var before = MethodState.ToBytes(target.Save);
        // Cut the stream at points inside every part (header, STTMs, LTM, counters, label sets): each fails and changes nothing.
        foreach (var cut in new[] { 3, 40, saved.Length / 5, saved.Length / 2, saved.Length * 4 / 5, saved.Length - 5, saved.Length - 1 })
        {
            var e = Assert.Throws<InvalidDataException>(() => MethodState.FromBytesAllOrNothing(saved[..cut], target.Save, target.Load, "dgdmn"));
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
            Assert.Equal(before, MethodState.ToBytes(target.Save));
        }
        var trailing = Assert.Throws<InvalidDataException>(() => MethodState.FromBytesAllOrNothing([.. saved, 1, 2, 3], target.Save, target.Load, "dgdmn"));
        Assert.Contains("3 bytes after its end", trailing.Message);
        Assert.Equal(before, MethodState.ToBytes(target.Save));
        MethodState.FromBytesAllOrNothing(saved, target.Save, target.Load, "dgdmn");   // the whole stream loads
        Assert.Equal(saved, MethodState.ToBytes(target.Save));
    }

    [Fact]
    public void LoadRejectsADifferentNumberOfSttms()
    {
        using var two = new DualMemoryNetwork(FakeTasks.Context());
        using var three = new DualMemoryNetwork(FakeTasks.Context(MemoryConfig.Quick with { NStm = 3 }));
        var state = MethodState.ToBytes(two.Save);
        Assert.Contains("NStm", Assert.Throws<InvalidDataException>(() => MethodState.FromBytes(state, three.Load)).Message);
    }

    [Fact]
    public void DescriptorFreeRoutingFollowsTheGammaRule()
    {
        using var scope = NewDisposeScope();
        // γ tiny: nothing is ever "known", so every batch gets a new internal id and every query goes to the LTM.
        using var strict = new DualMemoryNetwork(FakeTasks.Context(MemoryConfig.Quick with { DescriptorFree = true, Gamma = 1e-9 }));
        for (int t = 0; t < 4; t++) Learn(strict, t);
        Assert.Equal([0, 1, 2, 3], strict.TrainingIds);
        Learn(strict, 4, label: 0);                     // task id 4 is new; the batch is routed as new: correct
        using var t0 = FakeTasks.Make(0, 0);
        List<int> seen = [0, 1, 2, 3, 4];
        Assert.Equal(1.0, RoutingAccuracy.OfBatches(seen, strict.TrainingIds));
        Assert.Equal(1.0, RoutingAccuracy.OfQueries(strict, t0.TestX, 0, seen));    // consolidated: LTM is right
        Assert.Equal(0.0, RoutingAccuracy.OfQueries(strict, FakeTasks.Make(4, 0).TestX, 4, seen));  // held by STTM 0, sent to the LTM
        var revisit = new ContinualTask(0, "class 0 again", t0.TrainX, t0.TrainY, t0.TestX, t0.TestY);
        strict.Learn(revisit);                           // a revisit of task 0 gets a new id: wrong
        Assert.Equal(5, strict.TrainingIds[^1]);
        Assert.Equal(5.0 / 6, RoutingAccuracy.OfBatches([.. seen, 0], strict.TrainingIds), 12);

        // γ huge: every batch is "known" by the occupied STTM, so the second distinct task is wrongly merged.
        using var loose = new DualMemoryNetwork(FakeTasks.Context(MemoryConfig.Quick with { DescriptorFree = true, Gamma = 1e9 }));
        Learn(loose, 0); Learn(loose, 1);
        Assert.Equal([0, 0], loose.TrainingIds);
        Assert.Equal(0.5, RoutingAccuracy.OfBatches([0, 1], loose.TrainingIds));
        Assert.Equal(new int?[] { 0, null }, loose.SttmTasks);
        Assert.Equal(new Dictionary<int, int> { [0] = 2 }, loose.Sttms[0].Dictionary);
        Assert.Equal(1.0, RoutingAccuracy.OfQueries(loose, t0.TestX, 1, [0, 1]));     // task 1's id is 0, held by STTM 0: right
        Assert.True(loose.Route(t0.TestX).eq(0).all().item<bool>());

        // The routing history is part of the state: a copy scores the same.
        using var copy = new DualMemoryNetwork(FakeTasks.Context(MemoryConfig.Quick with { DescriptorFree = true, Gamma = 1e9 }));
        MethodState.FromBytes(MethodState.ToBytes(loose.Save), copy.Load);
        Assert.Equal(loose.TrainingIds, copy.TrainingIds);
    }
}
