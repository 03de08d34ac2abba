using Dgdmn.Experiments;
using Dgdmn.Methods;

namespace Dgdmn.Tests.Experiments;

public sealed class RegistryTests
{
    [Fact]
    public void RegistryHoldsTheNamedExperimentsWithKnownMethods()
    {
        Assert.Equal(["quick-start", "digits", "permnist", "tdigits", "robustness", "v2-table", "no-descriptors", "sensitivity", "forgetting", "revision", "generative-replay", "split-mnist"],
            ExperimentRegistry.Names);
        foreach (var e in ExperimentRegistry.All)
        {
            Assert.NotEmpty(e.Benchmarks);
            Assert.NotEmpty(e.Methods);
            Assert.All(e.Methods, m => Assert.Contains(m, MethodCatalog.Names));
            e.MethodConfigFor(Scale.Quick).Validate();
            e.MethodConfigFor(Scale.Paper).Validate();
        }
        Assert.Throws<ArgumentException>(() => ExperimentRegistry.Get("nope"));
    }

    [Fact]
    public void ConfigHashSeparatesScalesSeedsAndMethods()
    {
        var d = ExperimentRegistry.Get("digits");
        var baseline = ExperimentRunner.ConfigHash(d, Scale.Quick, d.Methods, [1], "cpu");
        Assert.Equal(baseline, ExperimentRunner.ConfigHash(d, Scale.Quick, d.Methods, [1], "cpu"));
        Assert.NotEqual(baseline, ExperimentRunner.ConfigHash(d, Scale.Paper, d.Methods, [1], "cpu"));
        Assert.NotEqual(baseline, ExperimentRunner.ConfigHash(d, Scale.Quick, d.Methods, [1, 2], "cpu"));
        Assert.NotEqual(baseline, ExperimentRunner.ConfigHash(d, Scale.Quick, ["nn"], [1], "cpu"));
        var changed = d with { ConfigureMethods = (c, _) => c with { Memory = c.Memory with { Kappa = 0.1 } } };
        Assert.NotEqual(baseline, ExperimentRunner.ConfigHash(changed, Scale.Quick, d.Methods, [1], "cpu"));
    }

    [Fact]
    public void PaperTargetsLoadFromTheEmbeddedTable()
    {
        var all = PaperTargets.All;
        var v2 = all.Single(t => t is { Benchmark: "digits", Method: "dgdmn", Metric: "acc" });
        Assert.Equal(0.818, v2.Value);
        Assert.Null(v2.T);
        Assert.True(v2.IsMetBy(0.77) && !v2.IsMetBy(0.76));
        var noise = all.Where(t => t.Benchmark == "robustness-noise" && t.Method == "nn").ToList();
        Assert.Equal(RobustnessExperiment.NoiseLevels, noise.Select(t => t.X!.Value));
        Assert.Equal(10, all.Count(t => t is { Benchmark: "digits", Method: "dgdmn", Metric: "avg_so_far" }));
        Assert.NotEmpty(ExperimentRegistry.Get("tdigits").Targets);
    }
}
