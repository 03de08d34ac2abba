using System.Text.Json;
using Dgdmn.Experiments;
using Dgdmn.Reporting;
using Microsoft.Data.Analysis;

namespace Dgdmn.Tests.Reporting;

/// <summary>Figures on hand-made results: series, means and SEMs checkable by hand, and the paper's numbers beside them.</summary>
public sealed class FiguresTests
{
    // Seed 1 and 2 of a 3-task run; R[t][i] after task t on task i.
    private static readonly double[][] Seed1 = [[1.0, 0.0, 0.0], [0.8, 1.0, 0.0], [0.6, 0.7, 1.0]];
    private static readonly double[][] Seed2 = [[1.0, 0.2, 0.0], [0.6, 1.0, 0.0], [0.4, 0.5, 0.9]];

    private static IEnumerable<AccuracyRecord> Records(string experiment, string method, long seed, double[][] r) =>
        r.SelectMany((row, t) => row.Select((a, i) => new AccuracyRecord(experiment, method, seed, t, i, a)));

    private static RunResult Run(string experiment, string label, params string[] methods) => new()
    {
        Experiment = experiment, Scale = Scale.Quick, ConfigHash = "test", Seeds = [1, 2],
        Accuracy = methods.SelectMany(m => Records(label, m, 1, Seed1).Concat(Records(label, m, 2, Seed2))).ToList(),
        Timings = methods.SelectMany(m => new[] { 1L, 2L }.SelectMany(seed => Enumerable.Range(0, 3).Select(t =>
            new TaskTiming(label, m, seed, t, TrainSeconds: m == "dgr" ? 2.0 * (t + 1) : 1.0, SleepSeconds: 0, Slept: t == 1, Epochs: 1, Samples: 100)))).ToList(),
    };

    private static List<JsonElement> Traces(ChartView chart)
    {
        using var doc = JsonDocument.Parse(chart.ToJson());
        return doc.RootElement.GetProperty("data").EnumerateArray().Select(e => e.Clone()).ToList();
    }

    private static double[] Numbers(JsonElement trace, string property) =>
        trace.GetProperty(property).EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Number ? e.GetDouble() : double.NaN).ToArray();

    private static object? Cell(DataFrame frame, string method, string column) =>
        frame.Rows.Single(r => (string)r["method"] == method)[column];

    [Fact]
    public void PerTaskAccuracyHasOneLinePerTaskWithSeedMeansAndSems()
    {
        var traces = Traces(Figures.PerTaskAccuracy(Run("digits", "digits", "dgdmn"), "dgdmn"));
        Assert.Equal(["T1", "T2", "T3"], traces.Select(t => t.GetProperty("name").GetString()));
        Assert.Equal([1.0, 2.0, 3.0], Numbers(traces[0], "x"));
        Assert.Equal([1.0, 0.7, 0.5], Numbers(traces[0], "y"), new Tolerance(1e-12));
        // SEM of {0.8, 0.6} = 0.1 and of {0.6, 0.4} = 0.1; of {1, 1} = 0.
        Assert.Equal([0.0, 0.1, 0.1], Numbers(traces[0].GetProperty("error_y"), "array"), new Tolerance(1e-12));
    }

    [Fact]
    public void AverageSoFarDrawsOursAndThePapersDashedInOneColour()
    {
        var traces = Traces(Figures.AverageSoFar(Run("digits", "digits", "nn", "dgdmn")));
        Assert.Equal(["NN", "NN (paper)", "DGDMN", "DGDMN (paper)"], traces.Select(t => t.GetProperty("name").GetString()));
        // A(t), seed 1: 1, 0.9, 0.7667; seed 2: 1, 0.8, 0.6 → means 1, 0.85, 0.68333.
        Assert.Equal([1.0, 0.85, (2.3 / 3 + 1.8 / 3) / 2], Numbers(traces[2], "y"), new Tolerance(1e-12));
        var paper = traces[3];
        Assert.Equal("dash", paper.GetProperty("line").GetProperty("dash").GetString());
        Assert.Equal(10, paper.GetProperty("x").GetArrayLength());
        Assert.Equal(0.693, Numbers(paper, "y")[9], 3);   // spec §6.3 Fig. 4b, DGDMN at t = 10
        Assert.Equal(traces[2].GetProperty("line").GetProperty("color").GetString(), paper.GetProperty("line").GetProperty("color").GetString());
    }

    [Fact]
    public void AverageSoFarWithoutPaperHasOnlyOurLines()
    {
        var traces = Traces(Figures.AverageSoFar(Run("digits", "digits", "nn", "dgdmn"), paper: false));
        Assert.Equal(["NN", "DGDMN"], traces.Select(t => t.GetProperty("name").GetString()));
    }

    [Fact]
    public void LastKAveragesTheLastKTasks()
    {
        var traces = Traces(Figures.LastK(Run("tdigits", "tdigits", "dgdmn"), k: 2));
        // A_2(t), seed 1: 1, 0.9, 0.85; seed 2: 1, 0.8, 0.7.
        Assert.Equal([1.0, 0.85, 0.775], Numbers(traces[0], "y"), new Tolerance(1e-12));
        Assert.Single(traces);   // the paper's curve is for k = 10 only
        var paper = Traces(Figures.LastK(Run("tdigits", "tdigits", "dgdmn")));
        Assert.Equal("DGDMN (paper)", paper[1].GetProperty("name").GetString());
    }

    [Fact]
    public void CumulativeTimeSumsTaskSecondsAndTimeTableGivesTheRatioToDgdmn()
    {
        var run = Run("tdigits", "tdigits", "dgr", "dgdmn");
        var traces = Traces(Figures.CumulativeTime(run));
        Assert.Equal([2.0, 6.0, 12.0], Numbers(traces[0], "y"));   // DGR: 2 + 4 + 6
        Assert.Equal([1.0, 2.0, 3.0], Numbers(traces[1], "y"));
        var table = Figures.TimeTable(run);
        Assert.Equal(4.0, (double)Cell(table, "DGR", "ratio_to_dgdmn")!, 12);
        Assert.Equal(3.3, (double)Cell(table, "DGR", "paper_ratio")!, 12);   // spec §6.4: DGR/DGDMN at t = 40
        Assert.Equal(1.0, (double)Cell(table, "DGDMN", "sleeps")!, 12);
    }

    [Fact]
    public void AccBwtTablePutsThePapersV2NumbersBesideOurs()
    {
        var run = Run("v2-table", "v2-table/shapes", "dgdmn", "ewc") with { Labels = [new BenchmarkLabel("v2-table/shapes", "shapes", Scenario.ClassIncremental)] };
        var table = Figures.AccBwtTable(run);
        // ACC: seed 1 (0.6+0.7+1)/3 = 0.7667, seed 2 (0.4+0.5+0.9)/3 = 0.6 → 0.68333.
        var acc = (2.3 / 3 + 0.6) / 2;
        Assert.Equal(acc, (double)Cell(table, "DGDMN", "acc")!, 12);
        Assert.Equal(0.722, (double)Cell(table, "DGDMN", "paper_acc")!, 12);   // spec §6.1, Shapes
        Assert.Equal(acc - 0.722, (double)Cell(table, "DGDMN", "acc_diff")!, 12);
        Assert.Equal(-0.261, (double)Cell(table, "DGDMN", "paper_bwt")!, 12);
        Assert.True(double.IsNaN((double)Cell(table, "EWC", "paper_acc")!));   // no v2 baseline rows
        var bars = Traces(Figures.AccBwtBars(run));
        Assert.Equal(["ACC (ours)", "ACC (paper)", "BWT (ours)", "BWT (paper)"], bars.Select(t => t.GetProperty("name").GetString()));
    }

    [Fact]
    public void AnchorTableListsEveryAnchorOfTheBenchmarksScenario()
    {
        // The run records that its label "generative-replay" is the split-mnist stream, class-incremental.
        var run = Run("generative-replay", "generative-replay", "dgr") with { Labels = [new BenchmarkLabel("generative-replay", "split-mnist", Scenario.ClassIncremental)] };
        Assert.Equal(0, Figures.AnchorTable(run with { Labels = [] }).Rows.Count);   // without it, no benchmark is called generative-replay
        var table = Figures.AnchorTable(run);
        var anchors = table.Rows.Select(r => (double)r["anchor"]!).ToList();
        Assert.Equal([0.913, 0.75], anchors);   // spec §9.1 anchors 4 and 9, class-IL; not the domain-IL 0.9574
        Assert.All(table.Rows, r => Assert.Equal("class", (string)r["scenario"]));
        Assert.False((bool)table.Rows[0]["within_tolerance"]!);   // 0.683 is more than 0.03 below 0.913
    }

    [Fact]
    public void AccuracyMatrixIsTheSeedMeanOrOneSeed()
    {
        var run = Run("digits", "digits", "dgdmn");
        var mean = Traces(Figures.AccuracyMatrix(run, "dgdmn"))[0].GetProperty("z");
        Assert.Equal(0.7, mean[1][0].GetDouble(), 12);
        var one = Traces(Figures.AccuracyMatrix(run, "dgdmn", seed: 2))[0].GetProperty("z");
        Assert.Equal(0.6, one[1][0].GetDouble(), 12);
        Assert.Contains("seeds: 1, 2", Assert.Throws<ArgumentException>(() => Figures.AccuracyMatrix(run, "dgdmn", seed: 7)).Message);
    }

    [Fact]
    public void RobustnessCurvesAverageSeedsAndShowThePapersCurve()
    {
        var noise = new ResultTable("noise",
        [
            ResultColumn.Of("method", ["nn", "nn", "dgr", "dgr"]), ResultColumn.Of("seed", [1.0, 2.0, 1.0, 2.0]),
            ResultColumn.Of("sigma", [0.1, 0.1, 0.1, 0.1]), ResultColumn.Of("accuracy", [0.8, 0.9, 0.7, 0.7]),
        ]);
        var run = Run("robustness", "robustness", "nn") with { Tables = [noise] };
        var traces = Traces(Figures.Robustness(run, "noise"));
        Assert.Equal(["NN", "NN (paper)", "DGM (LTM)", "DGM (LTM) (paper)"], traces.Select(t => t.GetProperty("name").GetString()));
        Assert.Equal([0.85], Numbers(traces[0], "y"), new Tolerance(1e-12));
        Assert.Equal(9, traces[1].GetProperty("x").GetArrayLength());   // Fig. 6b's nine noise levels
        Assert.Contains("tables: noise", Assert.Throws<ArgumentException>(() => Figures.Robustness(run, "occlusion")).Message);
    }

    [Fact]
    public void SweepPlotsAccAndBwtAgainstOneParameter()
    {
        var sweep = new ResultTable("sweep",
        [
            ResultColumn.Of("parameter", ["kappa", "kappa", "nstm"]), ResultColumn.Of("value", [0.0, 0.1, 2.0]),
            ResultColumn.Of("seed", [1.0, 1.0, 1.0]), ResultColumn.Of("acc", [0.5, 0.7, 0.6]), ResultColumn.Of("bwt", [-0.4, -0.2, -0.3]),
        ]);
        var run = Run("sensitivity", "sensitivity", "dgdmn") with { Tables = [sweep] };
        var traces = Traces(Figures.Sweep(run, "kappa"));
        Assert.Equal([0.0, 0.1], Numbers(traces[0], "x"));
        Assert.Equal([0.5, 0.7], Numbers(traces[0], "y"));
        Assert.Equal([-0.4, -0.2], Numbers(traces[1], "y"));
        Assert.Contains("kappa, nstm", Assert.Throws<ArgumentException>(() => Figures.Sweep(run, "gamma")).Message);
    }

    [Fact]
    public void RevisionBarsAverageSeedsPerTaskAndMarkTheRevisitedTasks()
    {
        // Two seeds × four tasks × {with, without} LTM extras; "before" is shared by both variants of a seed.
        double[] seed = [1, 1, 1, 1, 2, 2, 2, 2, 1, 1, 1, 1, 2, 2, 2, 2];
        double[] extras = [1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0];
        double[] task = [0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3];
        double[] before = [0.2, 0.4, 0.6, 0.8, 0.4, 0.6, 0.8, 1.0, 0.2, 0.4, 0.6, 0.8, 0.4, 0.6, 0.8, 1.0];
        double[] after = [0.9, 0.9, 0.9, 0.7, 1.0, 1.0, 1.0, 0.9, 0.8, 0.8, 0.8, 0.5, 0.9, 0.9, 0.9, 0.7];
        var revision = new ResultTable("revision",
        [
            ResultColumn.Of("seed", seed), ResultColumn.Of("ltm_extras", extras), ResultColumn.Of("task", task),
            ResultColumn.Of("before", before), ResultColumn.Of("after", after),
        ]);
        var run = Run("revision", "revision", "dgdmn") with { Tables = [revision] };
        var traces = Traces(Figures.Revision(run));
        Assert.Equal(["after the ten tasks", "revised, with LTM extras", "revised, without LTM extras"], traces.Select(t => t.GetProperty("name").GetString()));
        Assert.Equal(["task 1 (revisited)", "task 2 (revisited)", "task 3 (revisited)", "task 4"],
            traces[0].GetProperty("x").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([0.3, 0.5, 0.7, 0.9], Numbers(traces[0], "y"), new Tolerance(1e-12));
        Assert.Equal([0.95, 0.95, 0.95, 0.8], Numbers(traces[1], "y"), new Tolerance(1e-12));
        Assert.Equal([0.85, 0.85, 0.85, 0.6], Numbers(traces[2], "y"), new Tolerance(1e-12));
        Assert.Equal([0.05, 0.05, 0.05, 0.1], Numbers(traces[2].GetProperty("error_y"), "array"), new Tolerance(1e-12));   // SEM of two seeds

        var table = Figures.RevisionTable(run);
        Assert.Equal([1, 2, 3, 4], table["task"].Cast<int?>().Select(t => t!.Value));
        Assert.Equal([true, true, true, false], table["revisited"].Cast<bool?>().Select(b => b!.Value));
        Assert.Equal([0.85, 0.85, 0.85, 0.6], table["without_extras_mean"].Cast<double?>().Select(v => v!.Value), new Tolerance(1e-12));
        Assert.Equal("0.600 ± 0.100", DisplayTable.Rounded(table).Rows[3]["without_extras"]);

        // The claim lines of the same run: C8a = mean over seeds of mean(after − before) on tasks 1–3 = (0.5 + 0.4) / 2;
        // C8b = ACC after with extras − without = 0.125 for both seeds.
        var claims = Figures.ClaimTable(run);
        Assert.Equal(["C8a", "C8b"], claims["claim"].Cast<string>());
        Assert.Equal(["0.450 ± 0.050 (2 seeds)", "0.125 ± 0.000 (2 seeds)"], claims["measured"].Cast<string>());
        Assert.Equal(["holds", "holds"], claims["verdict"].Cast<string>());
        Assert.Equal(["C8b"], Figures.ClaimTable(run, "C8b")["claim"].Cast<string>());
        Assert.Contains("No claim check", Assert.Throws<ArgumentException>(() => Figures.ClaimTable(Run("v2-table", "v2-table", "nn"))).Message);
    }

    [Fact]
    public void SeveralLabelsNeedAnExperimentArgument()
    {
        var run = Run("v2-table", "v2-table/digits", "dgdmn");
        run = run with
        {
            Accuracy = run.Accuracy.Concat(Records("v2-table/shapes", "dgdmn", 1, Seed1)).ToList(),
            Labels = [new BenchmarkLabel("v2-table/digits", "digits", Scenario.ClassIncremental), new BenchmarkLabel("v2-table/shapes", "shapes", Scenario.ClassIncremental)],
        };
        var e = Assert.Throws<ArgumentException>(() => Figures.AverageSoFar(run));
        Assert.Contains("v2-table/digits, v2-table/shapes", e.Message);
        Assert.Equal("DGDMN (paper)", Traces(Figures.AverageSoFar(run, experiment: "v2-table/digits"))[1].GetProperty("name").GetString());
    }

    [Fact]
    public void VariantsGetTheirOwnLineNameAndColour()
    {
        var run = Run("sensitivity", "sensitivity", "dgdmn");
        run = run with { Accuracy = run.Accuracy.Concat(Run("sensitivity", "sensitivity", "dgdmn").Accuracy.Select(a => a with { Variant = "kappa=0" })).ToList() };
        var traces = Traces(Figures.AverageSoFar(run, paper: false));
        Assert.Equal(["DGDMN", "DGDMN kappa=0"], traces.Select(t => t.GetProperty("name").GetString()));
        Assert.NotEqual(traces[0].GetProperty("line").GetProperty("color").GetString(), traces[1].GetProperty("line").GetProperty("color").GetString());
        Assert.Equal(2, Figures.AccBwtTable(run).Rows.Count);
        Assert.True(double.IsNaN((double)Figures.AccBwtTable(run).Rows[1]["paper_acc"]!));   // the paper ran DGDMN as configured only
    }

    [Fact]
    public void DisplayNamesFollowThePaper()
    {
        Assert.Equal("DGDMN kappa=0.1", Figures.DisplayName("dgdmn", "kappa=0.1"));
        Assert.Equal("DropNN", Figures.DisplayName("dropnn"));
        Assert.Equal("custom", Figures.DisplayName("custom"));
    }

    private sealed class Tolerance(double epsilon) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= epsilon;
        public int GetHashCode(double obj) => 0;
    }
}
