using TorchSharp;

namespace Dgdmn.Torch;

/// <summary>
/// Scalar constants of the kit's tensor arithmetic, rooted in static fields so that no garbage collection can
/// finalize them while libtorch reads them (see <c>Models/RmsProp.cs</c> for why an implicit Scalar is unsafe).
/// </summary>
/// <remarks>
/// Each constant has the type TorchSharp's implicit conversion would give the same literal (an <c>int</c>
/// 1 or 2, a <c>double</c> 0.5), so results are bitwise the same as with the literal. Never dispose them.
/// </remarks>
internal static class KeptScalars
{
    /// <summary>The integer 0 (lower bound of <c>clamp(0, 1)</c>).</summary>
    internal static readonly Scalar Zero = 0.ToScalar();

    /// <summary>The integer 1: the <c>alpha</c> TorchSharp passes itself in <c>a + b</c> and <c>add_(t)</c>.</summary>
    internal static readonly Scalar One = 1.ToScalar();

    /// <summary>The integer 2, for <c>pow</c> (<c>square()</c> is <c>pow(2)</c> with an implicit Scalar).</summary>
    internal static readonly Scalar Two = 2.ToScalar();

    /// <summary>The double 0.5.</summary>
    internal static readonly Scalar Half = 0.5.ToScalar();

    /// <summary>The double −0.5.</summary>
    internal static readonly Scalar MinusHalf = (-0.5).ToScalar();

    /// <summary>The float 255: byte pixels divided by it give [0, 1].</summary>
    internal static readonly Scalar ByteMax = 255f.ToScalar();

    /// <summary>The double 1e-7: lower clamp bound of the per-pixel BCE's reconstruction.</summary>
    internal static readonly Scalar BceFloor = 1e-7.ToScalar();

    /// <summary>The double 1 − 1e-7: upper clamp bound of the per-pixel BCE's reconstruction.</summary>
    internal static readonly Scalar BceCeiling = (1 - 1e-7).ToScalar();

    /// <summary>Lower bound of a VAE's log σ² in its loss (see <c>Models/Vae.cs</c>).</summary>
    internal static readonly Scalar LogVarFloor = (-30.0).ToScalar();

    /// <summary>Upper bound of a VAE's log σ² in its loss: exp(20) is finite in float32, exp(89) is not.</summary>
    internal static readonly Scalar LogVarCeiling = 20.0.ToScalar();

    /// <summary>The double +∞.</summary>
    internal static readonly Scalar PositiveInfinity = double.PositiveInfinity.ToScalar();

    /// <summary>The float −∞.</summary>
    internal static readonly Scalar FloatNegativeInfinity = float.NegativeInfinity.ToScalar();
}
