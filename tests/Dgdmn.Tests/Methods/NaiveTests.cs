using Dgdmn.Methods;
using TorchSharp;
using static TorchSharp.torch;
using Xunit.Abstractions;
using static Dgdmn.Tests.Methods.BaselineTestData;
using Dgdmn.IO;

namespace Dgdmn.Tests.Methods;

public sealed class NaiveTests(ITestOutputHelper output)
{
    [Fact]
    public void ForgetsOnDigits()
    {
        var (accuracy, _) = RunDigits(c => new Naive(c, dropout: false), output);
        Assert.True(accuracy.Average() <= 0.2, $"NN average accuracy {accuracy.Average():F3}; class-IL fine-tuning should end near 1/T");
        Assert.True(accuracy[^1] > 0.9, $"NN should still know the last digit ({accuracy[^1]:F3})");
    }

    [Fact]
    public void NamesFollowTheDropoutFlag()
    {
        using var nn = new Naive(Context(), dropout: false);
        using var dropnn = new Naive(Context(), dropout: true);
        Assert.Equal("nn", nn.Name);
        Assert.Equal("dropnn", dropnn.Name);
    }

    [Fact]
    public void FineTuningForgetsEarlierTasks()
    {
        using var scope = NewDisposeScope();
        using var stream = Stream();
        using var method = new Naive(Context(), dropout: false);
        var report = method.Learn(stream[0]);
        Assert.Equal(Config.Training.LearnerEpochs, report.Epochs);
        Assert.Equal(64L * Config.Training.LearnerEpochs, report.SamplesProcessed);
        Assert.True(double.IsFinite(report.FinalLosses["learner"]));
        foreach (var task in stream.Skip(1)) method.Learn(task);
        var accuracy = TaskAccuracies(method, stream);
        Assert.True(accuracy[^1] > 0.9, $"accuracies {string.Join(", ", accuracy)}");
        Assert.True(accuracy[0] < 0.5, $"task 0 accuracy {accuracy[0]} after fine-tuning on later tasks");
        Assert.Equal(3, method.TasksLearned);
    }

    [Fact]
    public void DropNnScoresAreDeterministicAtTest()
    {
        using var scope = NewDisposeScope();
        using var stream = Stream();
        using var method = new Naive(Context(), dropout: true);
        method.Learn(stream[0]);
        var x = AllTest(stream);
        Assert.True(Same(method.Scores(x), method.Scores(x)));
        Assert.True(Same(method.Scores(x, taskId: 2), method.Scores(x)), "scores must ignore the task id");
    }

    [Fact]
    public void DropoutChangesTraining()
    {
        using var scope = NewDisposeScope();
        using var stream = Stream();
        using var nn = new Naive(Context(), dropout: false);
        using var dropnn = new Naive(Context(), dropout: true);
        nn.Learn(stream[0]); dropnn.Learn(stream[0]);
        var x = AllTest(stream);
        Assert.False(Same(nn.Scores(x), dropnn.Scores(x)));
    }

    [Fact]
    public void LearningLeavesNoLiveTensorsBehind()
    {
        using var scope = NewDisposeScope();
        using var stream = Stream();
        using var method = new Naive(Context(), dropout: true);
        method.Learn(stream[0]);                                  // warm-up
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        method.Learn(stream[1]);
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void SameSeedSameScores() => AssertDeterministic(c => new Naive(c, dropout: true));

    [Fact]
    public void ResumedRunMatchesStraightRun()
    {
        AssertResumeMatchesStraightRun(c => new Naive(c, dropout: false));
        AssertResumeMatchesStraightRun(c => new Naive(c, dropout: true));
    }

    [Fact]
    public void LoadRejectsAnotherMethodsState()
    {
        using var nn = new Naive(Context(), dropout: false);
        using var ewc = new Ewc(Context());
        var state = MethodState.ToBytes(ewc.Save);
        var e = Assert.Throws<InvalidDataException>(() => MethodState.FromBytes(state, nn.Load));
        Assert.Contains("'ewc'", e.Message);
    }

    [Fact]
    public void BadConfigIsRejectedByField()
    {
        var bad = Config with { Baselines = Config.Baselines with { Dropout = 1.5 } };
        var e = Assert.Throws<ArgumentException>(() => new Naive(Context(config: bad), dropout: true));
        Assert.Contains("Dropout", e.Message);
    }
}
