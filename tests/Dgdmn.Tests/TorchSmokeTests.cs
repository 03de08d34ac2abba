using TorchSharp;
using static TorchSharp.torch;

namespace Dgdmn.Tests;

public sealed class TorchSmokeTests
{
    [Fact]
    public void ForwardBackwardAndRmsPropStepChangeTheWeights()
    {
        using var scope = NewDisposeScope();
        Seeds.SeedTorch(1, "smoke");
        var model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3));
        var opt = optim.RMSProp(model.parameters(), lr: 1e-2, alpha: 0.9, eps: 1e-8);
        var x = randn(16, 4);
        var y = randint(0, 3, new long[] { 16 });
        var before = model.parameters().First().clone();
        var loss = nn.functional.cross_entropy(model.call(x), y);
        opt.zero_grad();
        loss.backward();
        opt.step();
        Assert.True(float.IsFinite(loss.item<float>()));
        Assert.False(before.allclose(model.parameters().First()));
        Assert.Equal(1, torch.get_num_threads());
    }
}
