using Dgdmn.Data;
using Dgdmn.IO;
using Dgdmn.Methods;
using TorchSharp;
using static TorchSharp.torch;
using Xunit.Abstractions;
using static Dgdmn.Tests.Methods.BaselineTestData;

namespace Dgdmn.Tests.Methods;

public sealed class ExactReplayTests(ITestOutputHelper output)
{
    [Fact]
    public void RemembersDigitsFarBetterThanFineTuning()
    {
        var (replay, _) = RunDigits(c => new ExactReplay(c), output);
        var (fineTuned, _) = RunDigits(c => new Naive(c, dropout: false), output);
        Assert.True(replay.Average() >= fineTuned.Average() + 0.4,
            $"ER average accuracy {replay.Average():F3} vs NN {fineTuned.Average():F3}");
    }

    [Fact]
    public void BufferIsBoundedBalancedAndHoldsRealSamples()
    {
        using var scope = NewDisposeScope();
        using var stream = Stream();
        using var er = new ExactReplay(Context());
        int m = er.Capacity;
        for (int t = 0; t < stream.Count; t++)
        {
            var report = er.Learn(stream[t]);
            long replayed = report.SamplesProcessed / Config.Training.LearnerEpochs - stream[t].TrainCount;
            Assert.Equal(t == 0 ? 0 : Math.Min(m, t * stream[0].TrainCount), replayed);

            Assert.Equal(t + 1, er.Buffer.Count);
            Assert.True(er.BufferCount <= m, $"buffer holds {er.BufferCount} > M = {m}");
            var sizes = er.Buffer.Select(b => b.X.shape[0]).ToList();
            Assert.True(sizes.Max() - sizes.Min() <= 1, $"unbalanced shares {string.Join(", ", sizes)} after task {t}");
            Assert.Equal(Math.Min(m, (t + 1) * stream[0].TrainCount), er.BufferCount);
            foreach (var (id, x, y) in er.Buffer)
            {
                var source = stream[id];
                Assert.True(y.eq(source.TrainY[0]).all().item<bool>(), $"task {id}'s buffer has foreign labels");
                // Every stored row equals one of the task's training rows exactly.
                var isReal = x.unsqueeze(1).eq(source.TrainX.unsqueeze(0)).all(2).any(1).all().item<bool>();
                Assert.True(isReal, $"task {id}'s buffer holds rows that are not its training samples");
                if (x.shape[0] > 1)                                        // no row stored twice
                    Assert.True((cdist(x, x) + eye(x.shape[0]) * 1e6).min().item<float>() > 0, $"task {id}'s buffer repeats a row");
            }
        }
    }

    [Fact]
    public void ReplayKeepsOldTasksAboveFineTuning() => AssertKeepsOldTasksAboveFineTuning(Config);

    // ER's accuracy over the synthetic stream beats fine-tuning's by more than 0.2.
    private static void AssertKeepsOldTasksAboveFineTuning(MethodConfig config)
    {
        using var scope = NewDisposeScope();
        using var stream = Stream();
        using var er = new ExactReplay(Context(config: config));
        using var nn = new Naive(Context(), dropout: false);
        foreach (var task in stream) { er.Learn(task); nn.Learn(task); }
        var accuracy = TaskAccuracies(er, stream);
        var fineTuned = TaskAccuracies(nn, stream);
        Assert.True(accuracy.Average() > fineTuned.Average() + 0.2,
            $"ER accuracies {string.Join(", ", accuracy)}; NN {string.Join(", ", fineTuned)}");
    }

    [Fact]
    public void SameSeedSameScores() => AssertDeterministic(c => new ExactReplay(c));

    private static readonly MethodConfig EveryStep = Config with { Baselines = Config.Baselines with { ReplayEveryStep = true } };

    [Fact]
    public void ReplayEveryStepWeighsTheCurrentBatchOneOverT()
    {
        // Tasks 0 and 1 are one image with one label, so every buffer batch is that image: with a learning rate too
        // small to move the weights and one whole-task batch, task 2's reported loss is exactly
        // (1/3) loss(task 2) + (2/3) loss(buffer image) under the weights learned after task 1.
        using var scope = NewDisposeScope();
        using var g = Seeds.Generator(7, "image");
        var image = rand(1, 784, generator: g).expand(64, 784).contiguous();
        var label = zeros(64, dtype: int64);
        var last = Stream()[2];
        var tasks = new[]
        {
            new ContinualTask(0, "a", image, label, image, label), new ContinualTask(1, "a again", image, label, image, label),
            new ContinualTask(2, "c", last.TrainX, last.TrainY, last.TestX, last.TestY),
        };
        using var er = new ExactReplay(Context(config: EveryStep));
        er.Learn(tasks[0]); er.Learn(tasks[1]);
        double replayLoss = nn.functional.cross_entropy(er.Scores(image), label).item<float>();
        double currentLoss = nn.functional.cross_entropy(er.Scores(last.TrainX), last.TrainY).item<float>();

        using var frozen = new ExactReplay(Context(config: EveryStep with
        {
            Training = EveryStep.Training with { LearningRate = 1e-12, LearnerEpochs = 1, BatchSize = 64 },
        }));
        MethodState.FromBytes(MethodState.ToBytes(er.Save), frozen.Load);
        var report = frozen.Learn(tasks[2]);
        double expected = currentLoss / 3 + replayLoss * 2 / 3;
        Assert.True(Math.Abs(replayLoss - currentLoss) > 0.1, $"the check needs different losses (replay {replayLoss}, current {currentLoss})");
        Assert.Equal(expected, report.FinalLosses["learner"], 4);
        Assert.Equal(64, report.SamplesProcessed);                  // the task's rows only: the buffer comes per step
    }

    [Fact]
    public void ReplayEveryStepKeepsOldTasksAboveFineTuning() => AssertKeepsOldTasksAboveFineTuning(EveryStep);

    [Fact]
    public void ReplayEveryStepIsDeterministicAndResumes()
    {
        AssertDeterministic(c => new ExactReplay(c with { Config = EveryStep }));
        AssertResumeMatchesStraightRun(c => new ExactReplay(c with { Config = EveryStep }));
    }

    [Fact]
    public void ReplayEveryStepIsOutOfTheHashWhileOff()
    {
        Assert.DoesNotContain("ReplayEveryStep", System.Text.Json.JsonSerializer.Serialize(BaselineConfig.Paper));
        Assert.Contains("ReplayEveryStep", System.Text.Json.JsonSerializer.Serialize(EveryStep.Baselines));
        Assert.True(MethodConfig.Community.Baselines.ReplayEveryStep);     // the community preset replays like Hsu et al.
    }

    [Fact]
    public void ResumedRunMatchesStraightRun() => AssertResumeMatchesStraightRun(c => new ExactReplay(c));
}
