using Dgdmn.IO;
using Dgdmn.Methods;
using Dgdmn.Models;
using static TorchSharp.torch;
using static Dgdmn.Tests.Methods.BaselineTestData;

namespace Dgdmn.Tests.Methods;

/// <summary>The community protocol keeps one Adam per classifier baseline across tasks, saved with its weights.</summary>
public sealed class KeptOptimizerTests
{
    private static MethodConfig Kept(bool keep = true) => Config with
    {
        Training = TrainingConfig.Community with { Iterations = 9, BatchSize = 16, Adam = new AdamConfig { KeepStateAcrossTasks = keep } },
    };

    public static TheoryData<string> Baselines => new() { "nn", "ewc", "er", "joint" };

    private static IContinualMethod Make(string name, MethodContext context) => name switch
    {
        "nn" => new Naive(context, dropout: false),
        "ewc" => new Ewc(context),
        "er" => new ExactReplay(context),
        "joint" => new Joint(context),
        _ => throw new ArgumentException(name),
    };

    private static Tensor Run(string name, MethodConfig config, int tasks)
    {
        using var stream = Stream();
        using var method = Make(name, Context(config: config));
        foreach (var task in stream.Take(tasks)) method.Learn(task);
        return method.Scores(AllTest(stream)).MoveToOuterDisposeScope();
    }

    [Theory]
    [MemberData(nameof(Baselines))]
    public void AResumedRunContinuesWithTheSavedAdamMoments(string name)
    {
        using var scope = NewDisposeScope();
        using var stream = Stream();
        var straight = Run(name, Kept(), stream.Count);
        byte[] state;
        using (var first = Make(name, Context(config: Kept())))
        {
            first.Learn(stream[0]);
            state = MethodState.ToBytes(first.Save);
        }
        using var resumed = Make(name, Context(config: Kept()));
        MethodState.FromBytes(state, resumed.Load);
        foreach (var task in stream.Skip(1)) resumed.Learn(task);
        Assert.True(Same(straight, resumed.Scores(AllTest(stream))), $"{name}: the resumed run differs from the straight one");
    }

    [Fact]
    public void TheKeptOptimiserChangesEveryTaskAfterTheFirst()
    {
        using var scope = NewDisposeScope();
        // Task 1 starts from zero moments either way; from task 2 on the kept moments make a different update.
        Assert.True(Same(Run("nn", Kept(true), 1), Run("nn", Kept(false), 1)));
        Assert.False(Same(Run("nn", Kept(true), 2), Run("nn", Kept(false), 2)));
    }

    [Fact]
    public void JointStartsEachTaskWithAFreshOptimiser()
    {
        using var scope = NewDisposeScope();
        // Joint retrains from new weights on every task: moments of the old weights would be meaningless there.
        Assert.True(Same(Run("joint", Kept(true), 3), Run("joint", Kept(false), 3)));
    }

    [Fact]
    public void AStateWithoutTheKeptOptimiserIsRefusedByAKeepingConfiguration()
    {
        using var scope = NewDisposeScope();
        using var stream = Stream();
        using var fresh = Make("nn", Context(config: Kept(false)));
        fresh.Learn(stream[0]);
        var state = MethodState.ToBytes(fresh.Save);
        using var keeping = Make("nn", Context(config: Kept(true)));
        var error = Assert.Throws<InvalidDataException>(() => MethodState.FromBytesAllOrNothing(state, keeping.Save, keeping.Load, "nn"));
        Assert.Contains("kept optimiser state", error.Message);
    }
}
