using TorchSharp;

namespace Dgdmn.Models;

/// <summary>
/// Scalar constants of the training arithmetic, rooted in static fields so that no garbage collection can
/// finalize them while libtorch reads them (see <see cref="RmsProp"/> for why an implicit Scalar is unsafe).
/// </summary>
/// <remarks>
/// Each constant has the type TorchSharp's implicit conversion would give the same literal (an <c>int</c>
/// 1 or 2, a <c>double</c> 0.5), so results are bitwise the same as with the literal. Never dispose them.
/// </remarks>
internal static class KeptScalars
{
    /// <summary>The integer 1: the <c>alpha</c> TorchSharp passes itself in <c>a + b</c> and <c>add_(t)</c>.</summary>
    internal static readonly Scalar One = 1.ToScalar();

    /// <summary>The integer 2, for <c>pow</c> (<c>square()</c> is <c>pow(2)</c> with an implicit Scalar).</summary>
    internal static readonly Scalar Two = 2.ToScalar();

    /// <summary>The double 0.5.</summary>
    internal static readonly Scalar Half = 0.5.ToScalar();

    /// <summary>The double −0.5.</summary>
    internal static readonly Scalar MinusHalf = (-0.5).ToScalar();
}
