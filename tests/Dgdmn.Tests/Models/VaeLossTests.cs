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
}
