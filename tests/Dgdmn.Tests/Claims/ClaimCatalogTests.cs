using Dgdmn.Claims;
using Dgdmn.Experiments;

namespace Dgdmn.Tests.Claims;

public sealed class ClaimCatalogTests
{
    private const int T = 10;

    /// <summary>R[t][i] from <paramref name="cell"/> for i ≤ t (0 for unseen tasks), seeds 1 and 2 (seed 2 a little lower).</summary>
    private static IEnumerable<AccuracyRecord> Method(string label, string method, Func<int, int, double> cell) =>
        from seed in new long[] { 1, 2 }
        from t in Enumerable.Range(0, T)
        from i in Enumerable.Range(0, T)
        select new AccuracyRecord(label, method, seed, t, i, i <= t ? Math.Max(0, cell(t, i) - 0.01 * (seed - 1)) : 0);

    private static RunResult Digits(Func<int, int, double> ewc, Func<int, int, double> dgdmn) => new()
    {
        Experiment = "digits", Scale = Scale.Quick, ConfigHash = "test", Seeds = [1, 2],
        Accuracy =
        [
            .. Method("digits", "nn", (t, i) => i == t ? 1 : 0), .. Method("digits", "dropnn", (t, i) => i == t ? 1 : 0),
            .. Method("digits", "ppr", (t, i) => i == t ? 1 : 0), .. Method("digits", "ewc", ewc),
            .. Method("digits", "dgr", (_, _) => 0.7), .. Method("digits", "dgdmn", dgdmn),
        ],
    };

    private static ClaimOutcome Check(string id, RunResult result) => ClaimCatalog.All.Single(c => c.Id == id).Evaluate(result);

    [Fact]
    public void TheDigitsClaimsHoldOnAPaperLikeResultAndFailWhenItIsNot()
    {
        var paperLike = Digits(ewc: (t, i) => i == t ? 1 : 0, dgdmn: (_, _) => 0.8);
        foreach (var id in new[] { "C1a", "C1b", "C3", "Fig4b-base", "Fig4b-order" })
            Assert.True(Check(id, paperLike).Holds, Check(id, paperLike).ToString());
        Assert.Equal(((0.7 - 0.1) + (0.69 - 0.099)) / 2, Check("C1b", paperLike).Measured.Mean, 9);   // seed 1: 0.7 − 0.1; seed 2: 0.69 − 0.099
        Assert.Equal(2, Check("C1b", paperLike).Measured.Count);

        // EWC that remembers (not the paper's finding) and DGDMN below DGR: C3 and the ordering fail.
        var unlike = Digits(ewc: (_, _) => 0.5, dgdmn: (_, _) => 0.6);
        Assert.False(Check("C3", unlike).Holds);
        Assert.False(Check("Fig4b-order", unlike).Holds);
        Assert.Equal(-0.1, Check("Fig4b-order", unlike).Measured.Mean, 9);
        Assert.Contains("DOES NOT HOLD", Check("Fig4b-order", unlike).ToString());
    }

    [Fact]
    public void AMissingMethodOrExperimentIsAFailureThatSaysWhy()
    {
        var noPpr = Digits(ewc: (t, i) => i == t ? 1 : 0, dgdmn: (_, _) => 0.8) with { Accuracy = [.. Method("digits", "nn", (t, i) => i == t ? 1 : 0)] };
        var outcome = Check("C1a", noPpr);
        Assert.False(outcome.Holds);
        Assert.Contains("no ppr seed 1", outcome.Detail);
        var c8 = ClaimCatalog.All.Single(c => c.Id == "C8a");
        Assert.False(c8.Evaluate(noPpr).Holds);
        Assert.Contains("revision", c8.Evaluate(noPpr).Detail);
    }

    [Fact]
    public void RobustnessAndSweepClaimsReadTheirTablesAndVariants()
    {
        // C9: DGM ("dgr" rows) minus NN at the largest σ, per seed: seed 1 0.6 − 0.4, seed 2 0.5 − 0.45.
        var noise = new ResultTable("noise", [
            ResultColumn.Of("method", ["nn", "dgr", "nn", "dgr", "nn", "dgr"]), ResultColumn.Of("seed", [1.0, 1, 1, 1, 2, 2]),
            ResultColumn.Of("sigma", [0.0, 0, 0.3, 0.3, 0.3, 0.3]), ResultColumn.Of("accuracy", [0.9, 0.8, 0.4, 0.6, 0.45, 0.5])]);
        var robust = new RunResult { Experiment = "robustness", Scale = Scale.Quick, ConfigHash = "test", Seeds = [1, 2], Tables = [noise] };
        var c9 = Check("C9-noise", robust);
        Assert.True(c9.Holds, c9.ToString());
        Assert.Equal((0.2 + 0.05) / 2, c9.Measured.Mean, 9);

        // C7 and C11 find the κ and n_STM variants of DGDMN by their typed names.
        var grid = SensitivityExperiment.Kappas(Scale.Quick).Select(k => ("kappa", k)).Concat(SensitivityExperiment.ShortTermMemories(Scale.Quick).Select(n => ("nstm", (double)n)));
        var sweep = new RunResult
        {
            Experiment = "sensitivity", Scale = Scale.Quick, ConfigHash = "test", Seeds = [1, 2],
            Accuracy = grid.SelectMany(g => Method("sensitivity", "dgdmn", (t, i) => g.Item1 == "kappa" && g.Item2 == 0 && i >= T - 2 ? 0.2 : 0.7)
                .Select(a => a with { Variant = SensitivityExperiment.Variant(g.Item1, g.Item2) })).ToList(),
        };
        Assert.True(Check("C11-kappa", sweep).Holds, Check("C11-kappa", sweep).ToString());
        Assert.False(Check("C11-nstm", sweep).Holds);                                   // quick grid has no n_STM = 5
        Assert.Contains("nstm=5", Check("C11-nstm", sweep).Detail);

        // Forgetting (TDigits): C7 compares the last 5 tasks at κ = 0.05 and κ = 0; here κ = 0 loses 0.5 on
        // tasks T−5..T−1 and κ = 0.1 is best overall by 0.01, so C11 on TDigits holds within its 0.02.
        var kappas = new Dictionary<double, Func<int, int, double>>
        {
            [0] = (t, i) => i >= T - 5 ? 0.2 : 0.7, [0.05] = (t, i) => 0.7, [0.1] = (t, i) => 0.71,
        };
        var forgetting = new RunResult
        {
            Experiment = "forgetting", Scale = Scale.Quick, ConfigHash = "test", Seeds = [1, 2],
            Accuracy = kappas.SelectMany(k => Method("forgetting", "dgdmn", k.Value).Select(a => a with { Variant = SensitivityExperiment.Variant("kappa", k.Key) })).ToList(),
        };
        var c7 = Check("C7", forgetting);
        Assert.True(c7.Holds, c7.ToString());
        Assert.Equal(0.5, c7.Measured.Mean, 9);
        var rule = Check("C11-kappa-td", forgetting);
        Assert.True(rule.Holds, rule.ToString());
        Assert.Equal(-0.01, rule.Measured.Mean, 9);
        // κ = 0 no worse on the newest tasks: C7 fails.
        kappas[0] = (t, i) => 0.7;
        var flat = forgetting with { Accuracy = kappas.SelectMany(k => Method("forgetting", "dgdmn", k.Value).Select(a => a with { Variant = SensitivityExperiment.Variant("kappa", k.Key) })).ToList() };
        Assert.False(Check("C7", flat).Holds);
    }

    [Fact]
    public void EveryCheckNamesAnExperimentAThresholdAndWhy()
    {
        Assert.Equal(ClaimCatalog.All.Count, ClaimCatalog.All.Select(c => c.Id).Distinct().Count());
        Assert.All(ClaimCatalog.All, c => Assert.True(c.Threshold.Length > 0 && c.Why.Length > 20 && c.Figure.Length > 0, c.Id));
        Assert.All(ClaimCatalog.Experiments, e => Assert.NotNull(ExperimentRegistry.Find(e)));
    }

    [Fact]
    public void TheRevisionClaimsReadTheRevisionTablePerSeedAndVariant()
    {
        // Seed 1: revisited tasks 0-2 rise by 0.3 with LTM extras, 0.2 without; task 3-9 unchanged with, −0.1 without.
        // Seed 2: with extras the revisited tasks fall by 0.1.
        List<double> seeds = [], extras = [], tasks = [], before = [], after = [];
        foreach (var (seed, withGain, withoutGain) in new[] { (1.0, 0.3, 0.2), (2.0, -0.1, 0.2) })
            foreach (var flag in new[] { 1.0, 0.0 })
                for (int t = 0; t < T; t++)
                {
                    bool revisited = t < 3;
                    double gain = revisited ? (flag == 1 ? withGain : withoutGain) : (flag == 1 ? 0 : -0.1);
                    seeds.Add(seed); extras.Add(flag); tasks.Add(t); before.Add(0.5); after.Add(0.5 + gain);
                }
        var table = new ResultTable("revision", [ResultColumn.Of("seed", seeds), ResultColumn.Of("ltm_extras", extras), ResultColumn.Of("task", tasks),
            ResultColumn.Of("before", before), ResultColumn.Of("after", after)]);
        var result = new RunResult { Experiment = "revision", Scale = Scale.Quick, ConfigHash = "test", Seeds = [1, 2], Tables = [table] };
        var c8a = Check("C8a", result);
        Assert.Equal((0.3 - 0.1) / 2, c8a.Measured.Mean, 9);
        Assert.Equal(2, c8a.Measured.Count);
        Assert.True(c8a.Holds, c8a.ToString());
        var c8b = Check("C8b", result);
        // ACC with − without over all ten tasks: seed 1 (3·0.1 + 7·0.1)/10 = 0.1, seed 2 (3·(−0.3) + 7·0.1)/10 = −0.02.
        Assert.Equal((0.1 - 0.02) / 2, c8b.Measured.Mean, 9);
        Assert.True(c8b.Holds, c8b.ToString());
        Assert.False(Check("C8a", result with { Tables = [] }).Holds);
    }
}
