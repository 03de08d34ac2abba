using Dgdmn.Methods;
using TorchSharp;
using static TorchSharp.torch;
using Xunit.Abstractions;
using static Dgdmn.Tests.Methods.BaselineTestData;

namespace Dgdmn.Tests.Methods;

public sealed class EwcTests(ITestOutputHelper output)
{
    [Fact]
    public void ForgetsOnDigits()
    {
        var (accuracy, _) = RunDigits(c => new Ewc(c), output);
        Assert.True(accuracy.Average() <= 0.2, $"EWC average accuracy {accuracy.Average():F3}; with one class per task it should end near 1/T");
    }

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
        Assert.Null(ewc.Fisher);
        ewc.Learn(stream[0]);
        var fisher = ewc.Fisher!;
        long parameters = 784 * 16 + 16 + 16 * Classes + Classes;
        Assert.Equal(new long[] { 1, parameters }, fisher.shape);
        Assert.Equal(fisher.shape, ewc.Anchors!.shape);
        Assert.True(fisher.isfinite().all().item<bool>(), "the Fisher information has non-finite entries");
        Assert.True(fisher.min().item<float>() >= 0, "the Fisher information has negative entries");
        Assert.True(fisher.sum().item<float>() > 0, "the Fisher information is all zero");
        ewc.Learn(stream[1]);
        Assert.Equal(new long[] { 2, parameters }, ewc.Fisher!.shape);
    }

    [Fact]
    public void PenaltyMatchesTheFormulaAndLambdaScalesIt()
    {
        using var scope = NewDisposeScope();
        using var stream = Stream();
        using var ewc = new Ewc(Context());
        using var stronger = new Ewc(Context(config: Config with { Baselines = Config.Baselines with { EwcLambda = 2 * Config.Baselines.EwcLambda } }));
        foreach (var m in new[] { ewc, stronger }) { m.Learn(stream[0]); m.Learn(stream[1]); }
        // (λ/2) Σ_j Σ_k F_jk (θ_k − θ*_jk)² from the exposed state; θ is the anchor of the last task, so only j = 0 counts.
        var f = ewc.Fisher!; var a = ewc.Anchors!;
        double expected = ewc.Lambda / 2 * (f[0] * (a[1] - a[0]).square()).sum().item<float>();
        Assert.True(expected > 0);
        Assert.Equal(expected, ewc.Penalty(), expected * 1e-4);
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
            return (ewc.Anchors![1] - ewc.Anchors[0]).square().sum().item<float>();
        }
        Assert.True(Drift(1e6) < Drift(0), "a large λ should move the weights less than no penalty");
    }

    [Fact]
    public void StateIsReplacedNotLeakedPerTask()
    {
        using var scope = NewDisposeScope();
        using var stream = Stream();
        using var ewc = new Ewc(Context());
        ewc.Learn(stream[0]);
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        ewc.Learn(stream[1]);
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void SameSeedSameScores() => AssertDeterministic(c => new Ewc(c));

    [Fact]
    public void ResumedRunMatchesStraightRun() => AssertResumeMatchesStraightRun(c => new Ewc(c));
}
