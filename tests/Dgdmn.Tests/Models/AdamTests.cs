using Dgdmn.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Dgdmn.Tests.Models;

[Collection(Memory.TorchRngCollection.Name)]
public sealed class AdamTests
{
    private static (Tensor X, Tensor Y) Data()
    {
        using var g = Seeds.Generator(1, "data");
        return (rand(new long[] { 64, 784 }, generator: g), randint(0, 10, new long[] { 64 }, generator: g));
    }

    private static Learner Make() { Seeds.SeedTorch(2, "init"); return new Learner("l", 784, [32], 10); }

    [Fact]
    public void UpdatesMatchTorchSharpsAdamWithinFloat32Tolerance()
    {
        using var scope = NewDisposeScope();
        var (x, y) = Data();
        using var ours = Make();
        using var theirs = Make();
        using var kit = new Adam(ours.parameters(), 1e-3, 0.9, 0.999, 1e-8);
        using var reference = optim.Adam(theirs.parameters(), lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8);
        for (int step = 0; step < 20; step++)
        {
            using var stepScope = NewDisposeScope();
            kit.ZeroGrad();
            ours.Loss(x, y).backward();
            kit.Step();
            reference.zero_grad();
            theirs.Loss(x, y).backward();
            reference.step();
        }
        Assert.Equal(20, kit.Steps);
        foreach (var (a, b) in ours.parameters().Zip(theirs.parameters()))
        {
            double gap = (a - b).abs().max().item<float>();
            Assert.True(gap < 1e-6, $"largest difference {gap}");
        }
        // And the updates did move the weights (20 steps of 1e-3 each): the comparison is not of two untouched copies.
        using var fresh = Make();
        Assert.True((ours.parameters().First() - fresh.parameters().First()).abs().max().item<float>() > 1e-3);
    }

    [Fact]
    public void SavedStateResumesExactlyAndAFailedLoadChangesNothing()
    {
        using var scope = NewDisposeScope();
        var (x, y) = Data();
        void Steps(Learner l, Adam a, int count)
        {
            for (int i = 0; i < count; i++)
            {
                using var s = NewDisposeScope();
                a.ZeroGrad(); l.Loss(x, y).backward(); a.Step();
            }
        }
        using var straight = Make();
        using var straightAdam = new Adam(straight.parameters(), 1e-3, 0.9, 0.999, 1e-8);
        Steps(straight, straightAdam, 10);

        using var resumed = Make();
        byte[] state;
        using (var first = new Adam(resumed.parameters(), 1e-3, 0.9, 0.999, 1e-8))
        {
            Steps(resumed, first, 5);
            state = Dgdmn.IO.MethodState.ToBytes(first.Save);
        }
        using var second = new Adam(resumed.parameters(), 1e-3, 0.9, 0.999, 1e-8);
        Assert.ThrowsAny<Exception>(() => Dgdmn.IO.MethodState.FromBytes(state[..(state.Length / 2)], second.Load));
        Assert.Equal(0, second.Steps);                                  // the truncated state was not taken
        Dgdmn.IO.MethodState.FromBytes(state, second.Load);
        Assert.Equal(5, second.Steps);
        Steps(resumed, second, 5);
        foreach (var (a, b) in straight.parameters().Zip(resumed.parameters()))
            Assert.True(a.eq(b).all().item<bool>());
    }
}
