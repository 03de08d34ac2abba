using Dgdmn.Methods;
using TorchSharp;
using static TorchSharp.torch;
using Xunit.Abstractions;
using static Dgdmn.Tests.Methods.BaselineTestData;

namespace Dgdmn.Tests.Methods;

public sealed class PseudoPatternRehearsalTests(ITestOutputHelper output)
{
    [Fact]
    public void ForgetsOnDigits()
    {
        var (accuracy, _) = RunDigits(c => new PseudoPatternRehearsal(c), output);
        Assert.True(accuracy.Average() <= 0.2, $"PPR average accuracy {accuracy.Average():F3}; noise rehearsal should not save one-class tasks");
    }

    [Fact]
    public void FirstTaskHasNoPseudoPatterns()
    {
        using var scope = NewDisposeScope();
        using var stream = Stream();
        using var ppr = new PseudoPatternRehearsal(Context());
        var report = ppr.Learn(stream[0]);
        Assert.Equal(0, ppr.LastPseudoPatternCount);
        Assert.Equal((long)stream[0].TrainCount * Config.Training.LearnerEpochs, report.SamplesProcessed);
    }

    [Fact]
    public void PatternCountAndLabelsComeFromTheNetworkBeforeTheTask()
    {
        using var scope = NewDisposeScope();
        using var stream = Stream();
        using var ppr = new PseudoPatternRehearsal(Context());
        ppr.Learn(stream[0]);
        var task = stream[1];
        int expectedCount = (int)Math.Round(Config.Baselines.PseudoPatternFactor * task.TrainCount);

        var (patterns, labels) = ppr.PseudoPatterns(task);
        Assert.Equal(new long[] { expectedCount, 784 }, patterns.shape);
        Assert.True(patterns.min().item<float>() >= 0 && patterns.max().item<float>() <= 1);
        var before = ppr.Scores(patterns).argmax(1);
        Assert.True(Same(before, labels), "pseudo labels are not the pre-task network's argmax");

        var report = ppr.Learn(task);
        Assert.Equal(expectedCount, ppr.LastPseudoPatternCount);
        Assert.Equal((long)(task.TrainCount + expectedCount) * Config.Training.LearnerEpochs, report.SamplesProcessed);
        // Rehearsal keeps the old answers on the noise; plain fine-tuning on the same task does not.
        using var nn = new Naive(Context(), dropout: false);
        nn.Learn(stream[0]); nn.Learn(task);
        double Agreement(IContinualMethod m) => m.Predict(patterns).eq(labels).to(float32).mean().item<float>();
        Assert.True(Agreement(ppr) > Agreement(nn), $"PPR keeps {Agreement(ppr)} of the pseudo labels, NN {Agreement(nn)}");
    }

    [Fact]
    public void SameSeedSameScores() => AssertDeterministic(c => new PseudoPatternRehearsal(c));

    [Fact]
    public void ResumedRunMatchesStraightRun() => AssertResumeMatchesStraightRun(c => new PseudoPatternRehearsal(c));
}
