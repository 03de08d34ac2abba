using Dgdmn.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Dgdmn.Tests.Models;

[Collection(Memory.TorchRngCollection.Name)]
public sealed class RmsPropTests
{
    [Fact]
    public void UpdatesAreBitwiseThoseOfTorchSharpsRmsProp()
    {
        using var scope = NewDisposeScope();
        using var g = Seeds.Generator(1, "data");
        var x = rand(new long[] { 64, 784 }, generator: g);
        var y = randint(0, 10, new long[] { 64 }, generator: g);
        Learner Make() { Seeds.SeedTorch(2, "init"); return new Learner("l", 784, [32], 10); }
        using var ours = Make();
        using var theirs = Make();
        using var kit = new RmsProp(ours.parameters(), 1e-3, 0.9, 1e-8);
        using var reference = optim.RMSProp(theirs.parameters(), lr: 1e-3, alpha: 0.9, eps: 1e-8);
        for (int step = 0; step < 5; step++)
        {
            using var stepScope = NewDisposeScope();
            kit.ZeroGrad();
            ours.Loss(x, y).backward();
            kit.Step();
            reference.zero_grad();
            theirs.Loss(x, y).backward();
            reference.step();
        }
        foreach (var (a, b) in ours.parameters().Zip(theirs.parameters()))
            Assert.True(a.eq(b).all().item<bool>());
    }
}
