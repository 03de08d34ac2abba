using System.Globalization;
using Dgdmn.Data;
using Dgdmn.Experiments;

namespace Dgdmn.Tests.Experiments;

/// <summary>
/// The paper-scale Digits configuration hashes of the code the Digits reference was computed with (binary at
/// d46726d; the constants were read from its runs). A change that alters a configuration record's defaults or its
/// hashed JSON (a new knob not omitted at its default) breaks these; the reference audit then names the stale
/// experiment too. The unit hashes are the form checkpoints had before they were keyed by the unit's own settings
/// (<c>ExperimentContext.FinishedUnit</c> and resume still accept it), read from that run's checkpoint headers.
/// </summary>
public sealed class PaperHashTests
{
    private static readonly ExperimentDefinition Digits = ExperimentRegistry.Get("digits");

    private static string Hash(IReadOnlyList<string> methods, IReadOnlyList<long> seeds) =>
        ExperimentRunner.ConfigHash(Digits, Scale.Paper, methods, seeds, "cpu", DatasetKind.Mnist);

    [Fact]
    public void PaperDigitsConfigHashIsUnchanged()
    {
        Assert.Equal("490e766581da5208b848fd7ba794270702eda3abd695946b1009f3af1cb5c650", Hash(Digits.Methods, Digits.Seeds));
        // The two method-split reference runs: run digits --scale paper --seeds 3 --methods dgr,nn,dropnn,ewc (and dgdmn,ppr,er,joint).
        Assert.Equal("487b5ace542f551b651749a8e42ca8ee3914e1554e84264d8b1e006d12468c29", Hash(["nn", "dropnn", "ewc", "dgr"], [1, 2, 3]));
        Assert.Equal("30fe57d0a8e5a19f1eb246976fbb97f9da1f744d912e2ea253ea68fbc41e5fee", Hash(["ppr", "er", "dgdmn", "joint"], [1, 2, 3]));
    }

    [Theory]
    // Unit hashes read from the headers of the reference jobs' checkpoints (digits__dgr__seed1.ckpt, digits__dgdmn__seed1.ckpt).
    [InlineData("dgr", "98f6c96e58d3e3494e09931cf0cf64306d89348378f3fd2d55dab6e1722e1490")]
    [InlineData("dgdmn", "65fa6fd305bc2e26e0fc7f2be487e1662ce9489ee31f0ebdf36266ee24c64c72")]
    public void PaperDigitsUnitHashMatchesTheReferenceCheckpoints(string method, string expected)
    {
        var methods = method == "dgr" ? new[] { "nn", "dropnn", "ewc", "dgr" } : new[] { "ppr", "er", "dgdmn", "joint" };
        var config = Digits.MethodConfigFor(Scale.Paper);   // Digits has no N_max share, so the unit's config is this
        var unit = ExperimentContext.Hash(Hash(methods, [1, 2, 3]), Digits.Benchmarks[0].ToString(), method, method,
            1L.ToString(CultureInfo.InvariantCulture), ExperimentRunner.CanonicalJson(config), "10");
        Assert.Equal(expected, unit);
    }
}
