using Dgdmn.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Dgdmn.Tests.Models;

[Collection(Memory.TorchRngCollection.Name)]
public sealed class VaeLossTests
{
    [Fact]
    public void LossIsBitwiseTheOperatorFormOfTheNegativeElbo()
    {
        // Vae.Loss spells its Scalars out (no implicit ones, see RmsProp's remarks); it must still be the plain formula.
        using var scope = NewDisposeScope();
        using var g = Seeds.Generator(1, "data");
        var x = rand(new long[] { 16, 784 }, generator: g);
        Seeds.SeedTorch(2, "init");
        using var vae = new Vae("v", 784, [64], 8);
        Seeds.SeedTorch(3, "noise");
        var loss = vae.Loss(x);
        Seeds.SeedTorch(3, "noise");
        var (mu, logVar) = vae.Encode(x);
        var z = mu + exp(0.5 * logVar) * randn_like(mu);
        var bce = nn.functional.binary_cross_entropy_with_logits(vae.DecodeLogits(z), x, reduction: nn.Reduction.Sum);
        var kl = -0.5 * (1 + logVar - mu.pow(2) - logVar.exp()).sum();
        var expected = (bce + kl) / x.shape[0];
        Assert.Equal(expected.item<float>(), loss.item<float>());
    }

    [Fact]
    public void AnExtremeLogVarianceGivesAFiniteLossAndAGradientThatPullsItBack()
    {
        // Seen at paper scale (TDigits): an unfamiliar input drove log σ² to 117, exp overflowed, and every weight
        // became NaN in one step. The bound keeps the loss finite and still sends log σ² down.
        using var scope = NewDisposeScope();
        using var g = Seeds.Generator(1, "data");
        var x = rand(new long[] { 4, 784 }, generator: g);
        Seeds.SeedTorch(2, "init");
        using var vae = new Vae("v", 784, [32], 4);
        var logVarBias = vae.named_parameters().Single(p => p.name == "_logVar.bias").parameter;
        using (no_grad()) logVarBias.fill_(117.0);
        Seeds.SeedTorch(3, "noise");
        var loss = vae.Loss(x);
        Assert.True(float.IsFinite(loss.item<float>()), $"loss {loss.item<float>()}");
        loss.backward();
        Assert.All(vae.parameters(), p => Assert.False(p.grad!.isnan().any().item<bool>() || p.grad!.isinf().any().item<bool>()));
        Assert.True(logVarBias.grad!.min().item<float>() > 0);   // gradient descent lowers log σ²

        // In the ordinary range the bound is the identity, value and gradient.
        var raw = tensor(new float[] { -31f, -2f, 0f, 3.25f, 21f }, requires_grad: true);
        var bounded = Vae.Bounded(raw);
        Assert.Equal(new float[] { -30f, -2f, 0f, 3.25f, 20f }, bounded.data<float>().ToArray());
        bounded.sum().backward();
        Assert.Equal(new float[] { 1f, 1f, 1f, 1f, 1f }, raw.grad!.data<float>().ToArray());
    }
}
