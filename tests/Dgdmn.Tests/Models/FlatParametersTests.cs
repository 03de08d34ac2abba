using Dgdmn.IO;
using Dgdmn.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Dgdmn.Tests.Models;

/// <summary>What laying a model's parameters out in flat buffers keeps (values, saved weights, the module) and what it catches.</summary>
[Collection(Memory.TorchRngCollection.Name)]
public sealed class FlatParametersTests
{
    private static Learner Make() { Seeds.SeedTorch(2, "init"); return new Learner("l", 784, [32, 16], 10); }

    private static (Tensor X, Tensor Y) Data()
    {
        using var g = Seeds.Generator(1, "data");
        return (rand(new long[] { 16, 784 }, generator: g), randint(0, 10, new long[] { 16 }, generator: g));
    }

    private static void Step(Learner l, IOptimizer o, Tensor x, Tensor y)
    {
        using var s = NewDisposeScope();
        o.ZeroGrad();
        l.Loss(x, y).backward();
        o.Step();
    }

    [Fact]
    public void LayingOutKeepsEveryValueAndTheSavedWeightsBytes()
    {
        using var scope = NewDisposeScope();
        using var learner = Make();
        var before = MethodState.ToBytes(w => learner.save(w));
        using var flat = new FlatParameters(learner.parameters());
        Assert.Equal(before, MethodState.ToBytes(w => learner.save(w)));
        Assert.Equal(learner.parameters().Sum(p => p.numel()), flat.Count);
        // The module's parameters are the slices: a write into the buffer is a write into the model.
        using (no_grad()) flat.Data.zero_();
        Assert.All(learner.parameters(), p => Assert.Equal(0f, p.abs().max().item<float>()));
    }

    [Fact]
    public void OptimisersOverTheSameModelShareItsBuffers()
    {
        using var scope = NewDisposeScope();
        var (x, y) = Data();
        using var learner = Make();
        using var kept = new Adam(learner.parameters(), 1e-3, 0.9, 0.999, 1e-8);
        Step(learner, kept, x, y);
        var layer = learner.parameters().Take(2).ToList();
        using var fresh = new RmsProp(learner.parameters(), 1e-3, 0.9, 1e-8);   // adopts: nothing is re-pointed
        using var firstLayer = new RmsProp(layer, 1e-3, 0.9, 1e-8);             // adopts a run of the same buffer
        Step(learner, fresh, x, y);
        Step(learner, firstLayer, x, y);
        var weights = learner.parameters().First().clone();
        Step(learner, kept, x, y);                                             // still its parameters' slices
        Assert.False(weights.eq(learner.parameters().First()).all().item<bool>());
    }

    [Fact]
    public void ReleasedGradientsAreCaughtInsteadOfSilentlyNotTraining()
    {
        using var scope = NewDisposeScope();
        var (x, y) = Data();
        using var learner = Make();
        using var optimizer = new RmsProp(learner.parameters(), 1e-3, 0.9, 1e-8);
        learner.zero_grad(true);                  // set_to_none: backward then makes gradients outside the buffer
        learner.Loss(x, y).backward();
        var e = Assert.Throws<InvalidOperationException>(optimizer.Step);
        Assert.Contains("set_to_none", e.Message);
    }

    [Fact]
    public void AParameterListedTwiceIsRefused()
    {
        using var scope = NewDisposeScope();
        using var learner = Make();
        var first = learner.parameters().First();
        Assert.Throws<ArgumentException>(() => new RmsProp([first, .. learner.parameters()], 1e-3, 0.9, 1e-8));
    }

    [Fact]
    public void WeightsLoadedAfterLayingOutAreTheOnesTrained()
    {
        using var scope = NewDisposeScope();
        var (x, y) = Data();
        using var learner = Make();
        using var optimizer = new RmsProp(learner.parameters(), 1e-3, 0.9, 1e-8);
        Seeds.SeedTorch(3, "other");
        using var other = new Learner("l", 784, [32, 16], 10);
        learner.load(new BinaryReader(new MemoryStream(MethodState.ToBytes(w => other.save(w)))));
        Assert.True(learner.parameters().First().eq(other.parameters().First()).all().item<bool>());
        Step(learner, optimizer, x, y);            // module.load wrote into the slices, so the step is of these weights
        using var reference = new PerParameterRmsProp(other.parameters(), 1e-3, 0.9, 1e-8);
        Step(other, reference, x, y);
        foreach (var (a, b) in learner.parameters().Zip(other.parameters()))
            Assert.True(a.eq(b).all().item<bool>());
    }
}
