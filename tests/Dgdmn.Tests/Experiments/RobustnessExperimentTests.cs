using Dgdmn.Experiments;
using static TorchSharp.torch;

namespace Dgdmn.Tests.Experiments;

public sealed class RobustnessExperimentTests
{
    [Fact]
    public void OcclusionZeroesTheCentralBandOnly()
    {
        using var x = ones(new long[] { 2, 784 }, dtype: ScalarType.Float32);
        using var occluded = RobustnessExperiment.Occlude(x, 0.16);   // 2·⌊14·0.16⌋ = 4 columns: 12..15
        using var image = occluded.reshape(2, 28, 28);
        var columnSums = image.select(0, 0).sum(dim: 0).data<float>().ToArray();
        for (int c = 0; c < 28; c++) Assert.Equal(c is >= 12 and <= 15 ? 0f : 28f, columnSums[c]);
        Assert.Equal(2 * 784f, x.sum().item<float>());                // input untouched
    }

    [Fact]
    public void NoiseIsSeededAndClipped()
    {
        using var x = full(new long[] { 3, 784 }, 0.5f, dtype: ScalarType.Float32);
        using var g1 = Seeds.Generator(1, "noise");
        using var g2 = Seeds.Generator(1, "noise");
        using var a = RobustnessExperiment.AddNoise(x, 0.3, g1);
        using var b = RobustnessExperiment.AddNoise(x, 0.3, g2);
        Assert.True(a.eq(b).all().item<bool>());
        Assert.True(a.min().item<float>() >= 0 && a.max().item<float>() <= 1);
        Assert.False(a.eq(x).all().item<bool>());
    }

    [Fact]
    public void NoiseIsTheGeneratorsCpuDrawBitForBit()
    {
        // The noise is drawn on the generator's device and moved to x's (so a CPU generator can serve CUDA inputs);
        // on the CPU that must be exactly the draw the kit always made: N(0, 1) of x's shape from the generator.
        using var scope = NewDisposeScope();
        using var g0 = Seeds.Generator(3, "x");
        var x = rand(new long[] { 5, 784 }, generator: g0);
        using var g1 = Seeds.Generator(3, "noise");
        using var g2 = Seeds.Generator(3, "noise");
        var noisy = RobustnessExperiment.AddNoise(x, 0.25, g1);
        var reference = x.add(randn(x.shape, dtype: x.dtype, device: CPU, generator: g2).mul(0.25)).clamp(0, 1);
        Assert.True(noisy.eq(reference).all().item<bool>());
    }
}
