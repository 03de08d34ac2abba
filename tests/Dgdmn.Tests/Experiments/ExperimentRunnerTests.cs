using Dgdmn.Experiments;
using Dgdmn.Reporting;

namespace Dgdmn.Tests.Experiments;

public sealed class ExperimentRunnerTests
{
    private static RunResult Run(LearnLog log, RunRequest request, ExperimentDefinition? definition = null,
        IProgress<RunProgress>? progress = null, CancellationToken token = default) =>
        new ExperimentRunner(Fakes.Runner(log)).Run(definition ?? Fakes.Definition(), request, progress, token);

    [Fact]
    public void StandardLoopFillsEveryEntryOfEveryMatrix()
    {
        var result = Run(new LearnLog(), new RunRequest());
        var matrices = result.Matrices();
        Assert.Equal(4, matrices.Count);                                   // 2 methods × 2 seeds
        Assert.All(matrices.Values, m => Assert.True(m.IsComplete && m.Tasks == Fakes.Tasks));
        Assert.Equal(2 * 2 * Fakes.Tasks * Fakes.Tasks, result.Accuracy.Count);
        Assert.Equal(2 * 2 * Fakes.Tasks, result.Timings.Count);
        Assert.Contains(result.Timings, t => t.Slept && t.SleepSeconds > 0);
    }

    [Fact]
    public void EndStreamRunsOnceAfterTheLastTaskAndCountsAsPartOfIt()
    {
        var off = new LearnLog();
        var plain = Run(off, new RunRequest());
        Assert.Empty(off.EndStreamAfter);

        var on = new LearnLog();
        var sleepAtEnd = Fakes.Definition() with { ConfigureMethods = (c, _) => c with { Memory = c.Memory with { SleepAtEnd = true } } };
        var result = Run(on, new RunRequest(), sleepAtEnd);
        Assert.Equal([Fakes.Tasks, Fakes.Tasks, Fakes.Tasks, Fakes.Tasks], on.EndStreamAfter);   // 2 methods × 2 seeds, each after its last task
        var last = result.Timings.Where(t => t.Task == Fakes.Tasks - 1).ToList();
        Assert.All(last, t => Assert.True(t.Slept && Math.Abs(t.TrainSeconds - (0.01 * Fakes.Tasks + 0.5)) < 1e-9 && t.Samples == 10 + 7));
        // Only the final evaluation row sees the end-of-stream change.
        Assert.Equal(plain.Accuracy.Where(r => r.AfterTask < Fakes.Tasks - 1), result.Accuracy.Where(r => r.AfterTask < Fakes.Tasks - 1));
        Assert.NotEqual(plain.Accuracy.Where(r => r.AfterTask == Fakes.Tasks - 1), result.Accuracy.Where(r => r.AfterTask == Fakes.Tasks - 1));
    }

    [Fact]
    public void SameSeedGivesIdenticalMatrices()
    {
        var a = Run(new LearnLog(), new RunRequest());
        var b = Run(new LearnLog(), new RunRequest());
        Assert.Equal(a.Accuracy, b.Accuracy);
        var c = Run(new LearnLog(), new RunRequest { Seeds = [3, 4] });
        Assert.NotEqual(a.Accuracy.Select(r => r.Accuracy), c.Accuracy.Select(r => r.Accuracy));
    }

    [Fact]
    public void SummaryGivesMeanAndSemAcrossSeeds()
    {
        var result = Run(new LearnLog(), new RunRequest { Seeds = [1, 2, 3] });
        var summary = result.Summary();
        Assert.Equal(["nn", "dgdmn"], summary.Select(s => s.Method));
        var matrices = result.Matrices().Where(m => m.Key.Method == "nn").Select(m => m.Value).ToList();
        var expected = Dgdmn.Metrics.MeanSem.Of(matrices.Select(Dgdmn.Metrics.ContinualMetrics.Acc));
        Assert.Equal(expected.Mean, summary[0].AccMean, 12);
        Assert.Equal(expected.Sem, summary[0].AccSem, 12);
        Assert.Equal(3, summary[0].Seeds);
        Assert.Equal(0.01 + 0.02 + 0.03 + 0.04, summary[0].TrainSeconds, 9);
    }

    [Fact]
    public void ResumeAfterCancellationEqualsStraightRun()
    {
        var straight = Run(new LearnLog(), new RunRequest());
        var root = Fakes.TempFolder();
        using var cancel = new CancellationTokenSource();
        var cancelAfterTask1 = new Fakes.SyncProgress(p =>
        {
            if (p.Kind == RunProgressKind.TaskFinished && p.Method == "dgdmn" && p.Seed == 1 && p.Task == 1) cancel.Cancel();
        });
        var interrupted = new LearnLog();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            Run(interrupted, new RunRequest { OutputRoot = root }, progress: cancelAfterTask1, token: cancel.Token));
        Assert.Equal(Fakes.Tasks + 2, interrupted.Calls);                  // nn seed 1 complete, dgdmn seed 1 tasks 0-1
        Assert.False(File.Exists(Path.Combine(root, "fake", "accuracy.csv")));

        var resumed = new LearnLog();
        var result = Run(resumed, new RunRequest { OutputRoot = root, Resume = true });
        Assert.Equal(2 * 2 * Fakes.Tasks - (Fakes.Tasks + 2), resumed.Calls);   // nothing learned twice
        Assert.Equal(straight.Accuracy, result.Accuracy);
        Assert.Equal(straight.Timings, result.Timings);
        Assert.False(Directory.Exists(Path.Combine(root, "fake", ExperimentRunner.CheckpointFolder)));
    }

    [Fact]
    public void AnInterruptedUnitResumesInARunOfAnotherComposition()
    {
        // Checkpoints belong to units, not to the run's method or seed list: a run split differently picks them up.
        var root = Fakes.TempFolder();
        using var cancel = new CancellationTokenSource();
        var stopInDgdmn = new Fakes.SyncProgress(p =>
        {
            if (p.Kind == RunProgressKind.TaskFinished && p.Method == "dgdmn" && p.Seed == 1 && p.Task == 1) cancel.Cancel();
        });
        Assert.ThrowsAny<OperationCanceledException>(() => Run(new LearnLog(), new RunRequest { OutputRoot = root }, progress: stopInDgdmn, token: cancel.Token));

        var resumed = new LearnLog();
        var result = Run(resumed, new RunRequest { OutputRoot = root, Resume = true, Methods = ["dgdmn"], Seeds = [1] });
        Assert.Equal(Fakes.Tasks - 2, resumed.Calls);   // dgdmn seed 1 continues after task 1
        var straight = Run(new LearnLog(), new RunRequest { Methods = ["dgdmn"], Seeds = [1] });
        Assert.Equal(straight.Accuracy, result.Accuracy);
    }

    [Fact]
    public void FinishedUnitsOfAnInterruptedRunGiveTheSeedsEveryMethodFinished()
    {
        var root = Fakes.TempFolder();
        using var cancel = new CancellationTokenSource();
        var stop = new Fakes.SyncProgress(p =>
        {
            if (p.Kind == RunProgressKind.TaskFinished && p.Method == "dgdmn" && p.Seed == 2 && p.Task == 1) cancel.Cancel();
        });
        Assert.ThrowsAny<OperationCanceledException>(() => Run(new LearnLog(), new RunRequest { OutputRoot = root }, progress: stop, token: cancel.Token));

        var log = new LearnLog();
        var harvested = Run(log, new RunRequest { OutputRoot = root, FinishedUnitsOnly = true });
        Assert.Equal(0, log.Calls);                               // nothing trained
        Assert.Equal([1L], harvested.Seeds);                      // seed 2 lacks dgdmn
        var straight = Run(new LearnLog(), new RunRequest { Seeds = [1] });
        Assert.Equal(straight.ConfigHash, harvested.ConfigHash);  // the same run as one made with seed 1 only
        Assert.Equal(straight.Accuracy.OrderBy(a => a.Method).ThenBy(a => a.AfterTask).ThenBy(a => a.Task),
            harvested.Accuracy.OrderBy(a => a.Method).ThenBy(a => a.AfterTask).ThenBy(a => a.Task));
        Assert.False(File.Exists(Path.Combine(root, "fake", "accuracy.csv")));   // nothing written, checkpoints kept
        Assert.True(Directory.Exists(Path.Combine(root, "fake", ExperimentRunner.CheckpointFolder)));
        var resumed = new LearnLog();
        Run(resumed, new RunRequest { OutputRoot = root, Resume = true });
        Assert.Equal(Fakes.Tasks - 2, resumed.Calls);           // the interrupted run still resumes
    }

    [Fact]
    public void CacheHitSkipsTraining()
    {
        var root = Fakes.TempFolder();
        var first = new LearnLog();
        var a = Run(first, new RunRequest { OutputRoot = root });
        Assert.Equal(2 * 2 * Fakes.Tasks, first.Calls);
        Assert.False(a.FromCache);

        var second = new LearnLog();
        var hits = new List<string>();
        var b = Run(second, new RunRequest { OutputRoot = root }, progress: new Fakes.SyncProgress(p => { if (p.Kind == RunProgressKind.Note) hits.Add(p.Message); }));
        Assert.Equal(0, second.Calls);
        Assert.True(b.FromCache);
        Assert.Contains(hits, n => n.Contains("loaded from the results cache") && n.Contains("UseCache = false"));   // the user is told, with the switch
        Assert.Equal(a.Accuracy, b.Accuracy);
        Assert.Equal(a.ConfigHash, b.ConfigHash);

        var other = new LearnLog();                                       // another configuration recomputes
        var notes = new List<string>();
        Run(other, new RunRequest { OutputRoot = root, Seeds = [1] }, progress: new Fakes.SyncProgress(p => notes.Add(p.Message)));
        Assert.Equal(2 * Fakes.Tasks, other.Calls);
        Assert.Contains(notes, n => n.Contains("another configuration"));
    }

    [Fact]
    public void ACacheOfAnotherBuildOfTheCodeIsNotTrusted()
    {
        // Same settings, results saved by a different build (as after editing the library): retrain, and say why.
        var root = Fakes.TempFolder();
        var a = Run(new LearnLog(), new RunRequest { OutputRoot = root });
        ResultsStore.Save(a with { CodeIdentity = "another-build" }, ResultsStore.ExperimentFolder(root, "fake"));
        Assert.Null(ResultsStore.TryLoadCache(ResultsStore.ExperimentFolder(root, "fake"), a.ConfigHash, out var note));
        Assert.Contains("another build", note);
        var log = new LearnLog();
        var b = Run(log, new RunRequest { OutputRoot = root });
        Assert.Equal(2 * 2 * Fakes.Tasks, log.Calls);
        Assert.Equal(a.ConfigHash, b.ConfigHash);   // the settings hash (what references are checked against) is unchanged
        Assert.Equal(ExperimentRunner.CodeIdentity, b.CodeIdentity);
        Assert.NotNull(ResultsStore.TryLoadCache(ResultsStore.ExperimentFolder(root, "fake"), a.ConfigHash, out _));
    }

    [Fact]
    public void TruncatedCheckpointGivesAClearError()
    {
        var root = Fakes.TempFolder();
        InterruptAfterFirstTask(root);
        var checkpoint = Directory.GetFiles(Path.Combine(root, "fake", ExperimentRunner.CheckpointFolder)).Single();
        var bytes = File.ReadAllBytes(checkpoint);
        File.WriteAllBytes(checkpoint, bytes[..^10]);

        var e = Assert.Throws<InvalidDataException>(() => Run(new LearnLog(), new RunRequest { OutputRoot = root, Resume = true }));
        Assert.Contains("truncated", e.Message);
        Assert.Contains(checkpoint, e.Message);
    }

    [Fact]
    public void CheckpointOfAnotherConfigurationIsRefused()
    {
        var root = Fakes.TempFolder();
        InterruptAfterFirstTask(root);
        var e = Assert.Throws<InvalidDataException>(() =>
            Run(new LearnLog(), new RunRequest { OutputRoot = root, Resume = true }, Fakes.Definition(trainCap: 12)));
        Assert.Contains("different configuration", e.Message);
    }

    [Fact]
    public void CorruptedCacheGivesAClearError()
    {
        var root = Fakes.TempFolder();
        Run(new LearnLog(), new RunRequest { OutputRoot = root });
        var cache = Path.Combine(root, "fake", ResultsStore.CacheFile);
        var bytes = File.ReadAllBytes(cache);
        bytes[^5] ^= 0x20;
        File.WriteAllBytes(cache, bytes);
        var e = Assert.Throws<InvalidDataException>(() => Run(new LearnLog(), new RunRequest { OutputRoot = root }));
        Assert.Contains("corrupted", e.Message);
    }

    [Fact]
    public void MethodSubsetRunsOnlyThoseAndRejectsUnknownNames()
    {
        var result = Run(new LearnLog(), new RunRequest { Methods = ["dgdmn"] });
        Assert.All(result.Accuracy, a => Assert.Equal("dgdmn", a.Method));
        var e = Assert.Throws<ArgumentException>(() => Run(new LearnLog(), new RunRequest { Methods = ["ewc"] }));
        Assert.Contains("valid: nn, dgdmn", e.Message);
    }

    [Fact]
    public void BodyExperimentsReturnTheirTablesAndAreSavedLikeAnyRun()
    {
        var definition = Fakes.Definition("fake-body") with
        {
            Body = context =>
            {
                using var stream = context.CreateStream(context.Definition.Benchmarks[0], context.Seeds[0]);
                var unit = context.RunUnit(context.Definition.Benchmarks[0], stream, "nn", context.Seeds[0], variant: "variant");
                return new ExperimentOutput(unit.Accuracy, unit.Timings,
                    [new ResultTable("extra", [ResultColumn.Of("x", [1.0, 2.0]), ResultColumn.Of("what", ["a", "b"])])]);
            },
        };
        var root = Fakes.TempFolder();
        var result = Run(new LearnLog(), new RunRequest { OutputRoot = root }, definition);
        Assert.All(result.Accuracy, a => Assert.Equal(("nn", "variant", "nn variant"), (a.Method, a.Variant, a.Label)));
        Assert.All(result.Timings, t => Assert.Equal(("nn", "variant"), (t.Method, t.Variant)));
        Assert.True(File.Exists(Path.Combine(root, "fake-body", "tables", "extra.csv")));
        var saved = ResultsStore.LoadJson(Path.Combine(root, "fake-body"));
        Assert.Equal(2, saved.Tables[0].Rows);
        // The variant survives results.json apart from the method, and the CSV shows the label.
        Assert.All(saved.Accuracy, a => Assert.Equal(("nn", "variant"), (a.Method, a.Variant)));
        Assert.All(saved.Summary(), r => Assert.Equal("nn variant", r.Label));
        Assert.Contains("nn variant", File.ReadAllText(Path.Combine(root, "fake-body", "accuracy.csv")));
    }

    [Fact]
    public void InspectSeesTheTrainedMethodAlsoWhenItsFinishedCheckpointIsReloaded()
    {
        // An experiment body that scores the trained method (routing, revisions) must get the same answer from a
        // resumed run whose units were already finished.
        var definition = Fakes.Definition("fake-inspect") with
        {
            Body = context =>
            {
                var units = new List<UnitResult>();
                var scores = new List<double>();
                foreach (var unit in context.Units())
                    units.Add(context.RunUnit(unit, inspect: m =>
                    {
                        using var scope = TorchSharp.torch.NewDisposeScope();
                        scores.Add(m.Scores(unit.Stream[0].TestX).sum().item<float>());
                    }));
                return ExperimentOutput.Of(units, new ResultTable("inspected", [ResultColumn.Of("score", scores)]));
            },
        };
        var straight = Run(new LearnLog(), new RunRequest(), definition);
        // Interrupted right after the first unit finished: its checkpoint is complete, the others are not started.
        var root = Fakes.TempFolder();
        using (var cancel = new CancellationTokenSource())
        {
            var progress = new Fakes.SyncProgress(p => { if (p.Kind == RunProgressKind.UnitFinished) cancel.Cancel(); });
            Assert.ThrowsAny<OperationCanceledException>(() => Run(new LearnLog(), new RunRequest { OutputRoot = root }, definition, progress, cancel.Token));
        }
        var log = new LearnLog();
        var resumed = Run(log, new RunRequest { OutputRoot = root, Resume = true }, definition);
        Assert.Equal(3 * Fakes.Tasks, log.Calls);   // the finished unit was reloaded, not retrained
        Assert.Equal(4, resumed.Tables[0].Rows);
        Assert.Equal(straight.Tables[0].Columns[0].Numbers, resumed.Tables[0].Columns[0].Numbers);
    }

    private static void InterruptAfterFirstTask(string root)
    {
        using var cancel = new CancellationTokenSource();
        var progress = new Fakes.SyncProgress(p => { if (p.Kind == RunProgressKind.TaskFinished) cancel.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(() =>
            Run(new LearnLog(), new RunRequest { OutputRoot = root }, progress: progress, token: cancel.Token));
    }
}

public sealed class FolderLockTests
{
    [Fact]
    public void ASecondRunIntoTheSameFolderFailsNamingTheHolder()
    {
        var root = Fakes.TempFolder();
        var folder = Path.Combine(root, "fake");
        using (FolderLock.Acquire(folder))
        {
            var e = Assert.Throws<IOException>(() => new ExperimentRunner(Fakes.Runner(new LearnLog())).Run(Fakes.Definition(), new RunRequest { OutputRoot = root }));
            Assert.Contains($"process {Environment.ProcessId}", e.Message);
            Assert.Contains("--wait", e.Message);
            Assert.False(File.Exists(Path.Combine(folder, "results.json")));
        }
        // Released: the run proceeds, and the lock is free again afterwards.
        new ExperimentRunner(Fakes.Runner(new LearnLog())).Run(Fakes.Definition(), new RunRequest { OutputRoot = root });
        using var again = FolderLock.Acquire(folder);
    }

    [Fact]
    public async Task WaitingTakesTheLockOnceTheHolderReleasesIt()
    {
        var folder = Path.Combine(Fakes.TempFolder(), "x");
        var first = FolderLock.Acquire(folder);
        var releaser = Task.Run(async () => { await Task.Delay(700); first.Dispose(); });
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var second = FolderLock.Acquire(folder, TimeSpan.FromSeconds(20));
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(500), $"took the lock after {clock.Elapsed}, while it was held");
        await releaser;
    }

    [Fact]
    public void ALockOfAKilledProcessIsTakenOver()
    {
        // A child process takes the lock and is killed with SIGKILL: the OS releases its flock, the stale owner file stays.
        var folder = Path.Combine(Fakes.TempFolder(), "y");
        Directory.CreateDirectory(folder);
        var script = $"exec 9>'{Path.Combine(folder, FolderLock.FileName)}'; flock -x 9; echo 'process 999999 (killed)' > '{Path.Combine(folder, FolderLock.OwnerFileName)}'; echo locked; sleep 60";
        using var holder = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/bin/sh", ["-c", script]) { RedirectStandardOutput = true })!;
        Assert.Equal("locked", holder.StandardOutput.ReadLine());
        var e = Assert.Throws<IOException>(() => FolderLock.Acquire(folder));
        Assert.Contains("999999", e.Message);
        holder.Kill(entireProcessTree: true);
        holder.WaitForExit();
        using var taken = FolderLock.Acquire(folder, TimeSpan.FromSeconds(10));
    }
}
