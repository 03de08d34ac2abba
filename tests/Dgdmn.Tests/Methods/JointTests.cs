using Dgdmn.Methods;
using Dgdmn.Models;
using TorchSharp;
using static TorchSharp.torch;
using Xunit.Abstractions;
using static Dgdmn.Tests.Methods.BaselineTestData;

namespace Dgdmn.Tests.Methods;

public sealed class JointTests(ITestOutputHelper output)
{
    [Fact]
    public void LearnsAllDigits()
    {
        // More images per digit than the other behaviour tests: Joint's last fit alone decides its accuracy, and
        // with 300 per digit and 4 epochs it sits right at the 0.9 line.
        var (accuracy, _) = RunDigits(c => new Joint(c), output, trainPerTask: 800);
        Assert.True(accuracy.Average() >= 0.9, $"Joint average accuracy {accuracy.Average():F3}");
    }

    [Fact]
    public void ReinitialisesAndTrainsOnTheUnion()
    {
        using var scope = NewDisposeScope();
        using var stream = Stream();
        using var joint = new Joint(Context());
        joint.Learn(stream[0]);
        var report = joint.Learn(stream[1]);
        Assert.Equal(stream[0].TrainCount + stream[1].TrainCount, joint.StoredSamples);
        Assert.Equal((long)(stream[0].TrainCount + stream[1].TrainCount) * Config.Training.LearnerEpochs, report.SamplesProcessed);

        // The documented recipe: fresh weights seeded by the task counter, one fit on tasks 1..t concatenated.
        Seeds.SeedTorch(1, "joint", "init", 1);
        using var reference = new Learner("learner", 784, Config.Networks.LearnerHidden, Classes);
        var x = cat(new[] { stream[0].TrainX, stream[1].TrainX });
        var y = cat(new[] { stream[0].TrainY, stream[1].TrainY });
        Trainer.Fit(reference, x, y, Config.Training.LearnerEpochs, Config.Training, Seeds.Derive(1, "joint", "fit", 1),
            new FitLabel("joint", 1, "learner"));
        var test = AllTest(stream);
        Assert.True(Same(reference.Logits(test), joint.Scores(test)), "Joint is not a re-initialised fit on the union");
    }

    [Fact]
    public void RemembersEveryTask()
    {
        using var scope = NewDisposeScope();
        using var stream = Stream();
        using var joint = new Joint(Context());
        foreach (var task in stream) joint.Learn(task);
        var accuracy = TaskAccuracies(joint, stream);
        Assert.True(accuracy.Min() > 0.8, $"Joint accuracies {string.Join(", ", accuracy)}");
    }

    [Fact]
    public void SameSeedSameScores() => AssertDeterministic(c => new Joint(c));

    [Fact]
    public void ResumedRunMatchesStraightRun() => AssertResumeMatchesStraightRun(c => new Joint(c));
}
