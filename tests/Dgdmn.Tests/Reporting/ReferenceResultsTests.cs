using Dgdmn.Experiments;
using Dgdmn.Reporting;
using Dgdmn.Tests.Experiments;
using Dgdmn.Tests.Notebooks;

namespace Dgdmn.Tests.Reporting;

public sealed class ReferenceResultsTests
{
    private static RunResult Paper(IReadOnlyList<string>? methods, ExperimentDefinition? definition = null) =>
        new ExperimentRunner(Fakes.Runner(new LearnLog())).Run(definition ?? Fakes.Definition(),
            new RunRequest { Scale = Scale.Paper, Methods = methods });

    private static ReferenceProvenance Provenance(RunResult result) => new(result.Experiment, result.ConfigHash, result.Dataset,
        [new RunInfo { Commit = "test", Command = "test", Started = DateTimeOffset.UnixEpoch, Finished = DateTimeOffset.UnixEpoch, WallSeconds = 1, CpuSeconds = 2, Machine = "test" }]);

    [Fact]
    public void RunsThatSplitTheMethodsCombineIntoTheWholeRun()
    {
        var whole = Paper(null);
        var combined = RunParts.Combine(Fakes.Definition(), [Paper(["dgdmn"]), Paper(["nn"])]);
        Assert.Equal(whole.ConfigHash, combined.ConfigHash);
        Assert.Equal(["nn", "dgdmn"], combined.Methods);
        Assert.Equal(whole.Accuracy, combined.Accuracy);   // same entries in the same (method-table) order
        Assert.Equal(whole.Summary(), combined.Summary());
    }

    [Fact]
    public void APartOfAnotherConfigurationOrAnOverlapIsRefused()
    {
        var definition = Fakes.Definition();
        var changed = definition with { ConfigureMethods = (c, _) => c with { Memory = c.Memory with { Kappa = 0.3 } } };
        var stale = Assert.Throws<InvalidDataException>(() => RunParts.Combine(definition, [Paper(["nn"], changed), Paper(["dgdmn"])]));
        Assert.Contains("another configuration", stale.Message);
        var overlap = Assert.Throws<InvalidDataException>(() => RunParts.Combine(definition, [Paper(["nn"]), Paper(null)]));
        Assert.Contains("overlap", overlap.Message);
        var quick = new ExperimentRunner(Fakes.Runner(new LearnLog())).Run(definition, new RunRequest { Methods = ["nn"] });
        Assert.Throws<InvalidDataException>(() => RunParts.Combine(definition, [quick, Paper(["dgdmn"])]));
    }

    [Fact]
    public void ProblemsFindAStaleHashATamperedSummaryAndMissingSeeds()
    {
        var definition = Fakes.Definition();
        var folder = Path.Combine(Fakes.TempFolder(), "fake");
        var result = Paper(null);
        ReferenceResults.Save(result, Provenance(result), folder, figures: false);
        Assert.Empty(ReferenceResults.Problems(folder, definition, minimumSeeds: 2));
        Assert.False(File.Exists(Path.Combine(folder, ResultsStore.CacheFile)));

        var changed = definition with { ConfigureMethods = (c, _) => c with { Training = c.Training with { LearnerEpochs = 1 } } };
        Assert.Contains(ReferenceResults.Problems(folder, changed, 2), p => p.StartsWith("fake: stale reference", StringComparison.Ordinal));
        Assert.Contains(ReferenceResults.Problems(folder, definition, 3), p => p.Contains("expected at least 3"));

        var summary = Path.Combine(folder, "summary.csv");
        var lines = File.ReadAllLines(summary);
        var cells = lines[1].Split(',');
        cells[2] = "0.999";   // acc_mean typed in
        lines[1] = string.Join(',', cells);
        File.WriteAllLines(summary, lines);
        Assert.Contains(ReferenceResults.Problems(folder, definition, 2), p => p.Contains("differs from the summary of accuracy.csv"));
    }

    [Fact]
    public void AFailedSaveLeavesTheEarlierReferenceWholeAndNoStagingBehind()
    {
        var parent = Fakes.TempFolder();
        var folder = Path.Combine(parent, "fake");
        var first = Paper(["nn"]);
        ReferenceResults.Save(first, Provenance(first), folder, figures: false);
        var before = Directory.GetFiles(folder).ToDictionary(f => Path.GetFileName(f), File.ReadAllText);

        var second = Paper(null);
        var error = Assert.Throws<IOException>(() => ReferenceResults.Save(second, Provenance(second), folder,
            dir => { File.WriteAllText(Path.Combine(dir, "half.png"), "x"); throw new IOException("no Chromium"); }));
        Assert.Equal("no Chromium", error.Message);
        Assert.Equal(before, Directory.GetFiles(folder).ToDictionary(f => Path.GetFileName(f), File.ReadAllText));
        Assert.Equal([folder], Directory.GetFileSystemEntries(parent));

        ReferenceResults.Save(second, Provenance(second), folder, dir => File.WriteAllText(Path.Combine(dir, "a.png"), "x"));
        Assert.Equal(second.Methods, ResultsStore.LoadJson(folder).Methods);
        Assert.True(File.Exists(Path.Combine(folder, ReferenceResults.FiguresFolder, "a.png")));
        Assert.Equal([folder], Directory.GetFileSystemEntries(parent));
    }

    [Fact]
    public void ABenchmarkSubsetIsItsOwnConfigurationAndKeepsItsLabels()
    {
        var two = Fakes.Definition() with { Benchmarks = [new Benchmark("fake-a"), new Benchmark("fake-b")] };
        var runner = new ExperimentRunner(Fakes.Runner(new LearnLog()));
        var full = runner.Run(two, new RunRequest { Scale = Scale.Paper });
        var nn = runner.Run(two, new RunRequest { Scale = Scale.Paper, Benchmarks = ["fake-b"], Methods = ["nn"] });
        var dgdmn = runner.Run(two, new RunRequest { Scale = Scale.Paper, Benchmarks = ["fake-b"], Methods = ["dgdmn"] });
        Assert.All(nn.Accuracy, a => Assert.Equal("fake/fake-b", a.Experiment));
        Assert.Equal(["fake-b"], nn.Benchmarks);
        Assert.NotEqual(full.ConfigHash, RunParts.ExpectedHash(nn, two));
        Assert.Equal(nn.ConfigHash, RunParts.ExpectedHash(nn, two));
        var combined = RunParts.Combine(two, [nn, dgdmn]);
        Assert.Equal(full.Accuracy.Where(a => a.Experiment == "fake/fake-b"), combined.Accuracy);
        Assert.Throws<ArgumentException>(() => two.WithBenchmarks(["fake-c"]));
    }

    [Fact]
    public void ASweepWhoseUnitsAreAllVariantsGetsItsSweepFiguresAndNoPlainPerTaskFigure()
    {
        // The sensitivity run has DGDMN only as variants (kappa=0, nstm=2, ...): no unit is plain "dgdmn".
        double[][] r = [[1.0, 0.0], [0.7, 0.9]];
        var variants = new[] { ("kappa", 0.0, "kappa=0"), ("kappa", 0.1, "kappa=0.1"), ("nstm", 2.0, "nstm=2") };
        var result = new RunResult
        {
            Experiment = "sensitivity", Scale = Scale.Paper, ConfigHash = "test", Seeds = [1],
            Accuracy = variants.SelectMany(v => r.SelectMany((row, t) => row.Select((a, i) =>
                new AccuracyRecord("sensitivity", "dgdmn", 1, t, i, a, v.Item3)))).ToList(),
            Tables = [new ResultTable("sweep", [ResultColumn.Of("parameter", variants.Select(v => v.Item1).ToArray()),
                ResultColumn.Of("value", variants.Select(v => v.Item2).ToArray()), ResultColumn.Of("seed", new[] { 1.0, 1, 1 }),
                ResultColumn.Of("acc", new[] { 0.8, 0.8, 0.8 }), ResultColumn.Of("bwt", new[] { -0.2, -0.2, -0.2 })])],
        };
        var names = ReferenceResults.FiguresOf(result).Select(f => f.Name).ToList();
        Assert.Equal(["average-so-far", "acc-bwt", "sweep-kappa", "sweep-nstm", "final-by-task-kappa"], names);
    }

    [Fact]
    public void AOneSeedCaptionClaimsNoErrorBars()
    {
        var one = new RunResult { Experiment = "x", Scale = Scale.Paper, ConfigHash = "test", Seeds = [1] };
        Assert.Equal("paper scale, 1 seed", ReferenceResults.Caption(one));
        Assert.Equal("paper scale, 3 seeds, mean ± SEM", ReferenceResults.Caption(one with { Seeds = [1, 2, 3] }));
    }

    [Fact]
    public void GnuTimeLogGivesCpuWallAndPeakMemory()
    {
        var log = Path.Combine(Fakes.TempFolder(), "log.txt");
        File.WriteAllText(log, """
            03:09:37 2/12 digits ewc seed 1: task 2/10, A = 0.500
            04:10:01 12/12 digits dgr seed 3: done
            	Command being timed: "./bin/Dgdmn.Cli run digits --scale paper --seeds 3"
            	User time (seconds): 3600.50
            	System time (seconds): 12.25
            	Elapsed (wall clock) time (h:mm:ss or m:ss): 1:00:24
            	Maximum resident set size (kbytes): 3500000
            """);
        var info = RunInfo.FromGnuTime(log, new DateOnly(2026, 12, 2), "abc123", dataset: null);
        Assert.Equal(3612.75, info.CpuSeconds, 6);
        Assert.Equal(3624, info.WallSeconds, 6);
        Assert.Equal(3500000L * 1024, info.PeakRssBytes);
        Assert.Equal("./bin/Dgdmn.Cli run digits --scale paper --seeds 3", info.Command);
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 4, 10, 1, TimeSpan.Zero), info.Finished);
        File.WriteAllText(log, "no report here");
        Assert.Throws<InvalidDataException>(() => RunInfo.FromGnuTime(log, new DateOnly(2026, 12, 2), "abc", null));
    }

    /// <summary>
    /// The committed references (reference/paper) against the current code: every experiment listed in the
    /// manifest, each done one complete, its summary what its accuracy gives, its configuration hash current.
    /// </summary>
    [Fact]
    public void CommittedReferencesAreConsistentWithTheCode()
    {
        var problems = ReferenceResults.Audit(Path.Combine(RepoPaths.Root, "reference", "paper"));
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }
}

public sealed class ReadmeTableTests
{
    [Fact]
    public void ReadmeShowsTheTableTheReferencesGive()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        var expected = ReferenceResults.PaperComparisonMarkdown(Path.Combine(RepoPaths.Root, "reference", "paper"));
        Assert.Equal(expected, ReadmeTable.Extract(readme));
    }

    [Fact]
    public void ReplaceSwapsOnlyTheBlockBetweenTheMarkers()
    {
        var text = $"intro\n{ReadmeTable.Start}\nold\n{ReadmeTable.End}\noutro\n";
        var replaced = ReadmeTable.Replace(text, "| new |\n");
        Assert.Equal($"intro\n{ReadmeTable.Start}\n| new |\n{ReadmeTable.End}\noutro\n", replaced);
        Assert.Equal("| new |\n", ReadmeTable.Extract(replaced));
        Assert.Throws<InvalidDataException>(() => ReadmeTable.Extract("no markers"));
    }
}
