using Dgdmn.Methods;
using TorchSharp;
using static TorchSharp.torch;
using static Dgdmn.Tests.Methods.BaselineTestData;

namespace Dgdmn.Tests.Methods;

public sealed class EwcTests
{
    [Fact]
    public void PenaltyIsZeroUntilWeightsMoveAfterTheFirstTask()
    {
        using var scope = NewDisposeScope();
        using var stream = Stream();
        using var ewc = new Ewc(Context());
        Assert.Equal(0.0, ewc.Penalty());
        ewc.Learn(stream[0]);
        Assert.Equal(1, ewc.ConsolidatedTasks);
        Assert.Equal(0.0, ewc.Penalty());                   // θ = θ*_1 right after task 1
        ewc.Learn(stream[1]);
        Assert.Equal(2, ewc.ConsolidatedTasks);
        Assert.True(ewc.Penalty() > 0, $"penalty {ewc.Penalty()} after the weights moved on task 2");
    }

    [Fact]
    public void FisherIsFiniteNonNegativeAndNotAllZero()
    {
        using var scope = NewDisposeScope();
        using var stream = Stream();
        using var ewc = new Ewc(Context());
        ewc.Learn(stream[0]);
        var fisher = ewc.Fisher(0);
        var anchor = ewc.Anchor(0);
        Assert.Equal(fisher.Count, anchor.Count);
        double total = 0;
        for (int k = 0; k < fisher.Count; k++)
        {
            Assert.Equal(anchor[k].shape, fisher[k].shape);
            Assert.True(fisher[k].isfinite().all().item<bool>(), $"Fisher tensor {k} has non-finite entries");
            Assert.True(fisher[k].min().item<float>() >= 0, $"Fisher tensor {k} has negative entries");
            total += fisher[k].sum().item<float>();
        }
        Assert.True(total > 0, "the Fisher information is all zero");
    }

    [Fact]
    public void PenaltyMatchesTheFormulaAndLambdaScalesIt()
    {
        using var scope = NewDisposeScope();
        using var stream = Stream();
        using var ewc = new Ewc(Context());
        using var stronger = new Ewc(Context(config: Config with { Baselines = Config.Baselines with { EwcLambda = 2 * Config.Baselines.EwcLambda } }));
        foreach (var m in new[] { ewc, stronger }) { m.Learn(stream[0]); m.Learn(stream[1]); }
        // Recompute (λ/2) Σ_j Σ_k F_jk (θ_k − θ*_jk)² from the exposed state; θ = the anchor of the last task.
        double expected = 0;
        for (int k = 0; k < ewc.Fisher(0).Count; k++)
            expected += (ewc.Fisher(0)[k] * (ewc.Anchor(1)[k] - ewc.Anchor(0)[k]).square()).sum().item<float>();
        expected *= ewc.Lambda / 2;
        Assert.Equal(expected, ewc.Penalty(), 3);
        Assert.True(expected > 0);
        Assert.NotEqual(ewc.Penalty(), stronger.Penalty());   // λ enters training, so the paths differ
    }

    [Fact]
    public void StrongPenaltyKeepsWeightsNearTheFirstTask()
    {
        using var scope = NewDisposeScope();
        using var stream = Stream();
        double Drift(double lambda)
        {
            using var ewc = new Ewc(Context(config: Config with { Baselines = Config.Baselines with { EwcLambda = lambda } }));
            ewc.Learn(stream[0]); ewc.Learn(stream[1]);
            double drift = 0;
            for (int k = 0; k < ewc.Anchor(0).Count; k++)
                drift += (ewc.Anchor(1)[k] - ewc.Anchor(0)[k]).square().sum().item<float>();
            return drift;
        }
        Assert.True(Drift(1e6) < Drift(0), "a large λ should move the weights less than no penalty");
    }

    [Fact]
    public void EachTaskKeepsExactlyItsFisherAndAnchorTensors()
    {
        using var scope = NewDisposeScope();
        using var stream = Stream();
        using var ewc = new Ewc(Context());
        ewc.Learn(stream[0]);
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        ewc.Learn(stream[1]);
        Assert.Equal(before + 2 * ewc.Fisher(0).Count, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void SameSeedSameScores() => AssertDeterministic(c => new Ewc(c));

    [Fact]
    public void ResumedRunMatchesStraightRun() => AssertResumeMatchesStraightRun(c => new Ewc(c));
}
