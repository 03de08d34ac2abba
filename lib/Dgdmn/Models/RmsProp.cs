using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Dgdmn.IO;
using Dgdmn.Torch;

namespace Dgdmn.Models;

/// <summary>
/// RMSProp with the arithmetic of <c>torch.optim.RMSProp</c> (no momentum, not centred, no weight decay), written
/// so that libtorch never reads a Scalar that a garbage collection may already have freed.
/// </summary>
/// <remarks>
/// <para>
/// TorchSharp 0.107's <see cref="Scalar"/> frees its native value in a finalizer, is not tracked by dispose
/// scopes, and the Tensor methods that take one read <c>Scalar.Handle</c> without <c>GC.KeepAlive</c>. A Scalar
/// made by an implicit conversion (<c>mul_(0.9)</c>), or by TorchSharp itself for a defaulted argument
/// (<c>add_(eps)</c> passes a hidden <c>alpha = 1</c>, <c>addcdiv_(a, b)</c> a hidden <c>value = 1</c>), is
/// unreachable as soon as its handle has been read. A collection started meanwhile by another thread (a notebook
/// kernel's background work is enough) can then finalize it during the native call, and libtorch reads freed
/// memory: "Unknown scalar type" or "Expected false to be true". <c>torch.optim.RMSProp.step</c> makes four such
/// Scalars per parameter per step.
/// </para>
/// <para>
/// Here every Scalar is a field, each call uses the overload that takes all its Scalars explicitly, and the
/// optimiser is kept reachable until <see cref="Step"/> returns. The operations and their order are those of
/// <c>torch.optim.RMSProp</c>, so the weights it produces are bitwise the same.
/// </para>
/// <para>
/// The parameters and gradients are slices of one flat buffer each (<see cref="FlatParameters"/>), and so is the
/// squared-gradient average: a step is five kernels over the whole model instead of five per parameter. The
/// saved state is still one tensor per parameter, byte for byte as before.
/// </para>
/// </remarks>
public sealed class RmsProp : IOptimizer
{
    private readonly FlatParameters _flat;
    private readonly Tensor _squareAverage;
    private readonly Scalar _alpha, _oneMinusAlpha, _eps, _minusLearningRate;
    private bool _disposed;

    /// <summary>Creates the optimiser with zero squared-gradient averages.</summary>
    /// <param name="parameters">float32 parameters on one device to update; they stay their module's, re-pointed at
    /// slices of a flat buffer (see <see cref="FlatParameters"/>: zero their gradients with <see cref="ZeroGrad"/>).</param>
    /// <param name="learningRate">Step size, e.g. 1e-3.</param>
    /// <param name="alpha">Smoothing constant of the squared-gradient average (ρ; TorchSharp's <c>alpha</c>).</param>
    /// <param name="eps">Added to the root of the average, e.g. 1e-8.</param>
    public RmsProp(IEnumerable<Parameter> parameters, double learningRate, double alpha, double eps)
    {
        if (!(learningRate >= 0)) throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "Learning rate must be non-negative.");
        if (alpha is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "Alpha must be in [0, 1).");
        if (!(eps >= 0)) throw new ArgumentOutOfRangeException(nameof(eps), eps, "Epsilon must be non-negative.");
        _flat = new FlatParameters(parameters);
        _squareAverage = _flat.NewState();
        // The same doubles torch.optim.RMSProp computes (1.0 - alpha, 0.0 - lr), so the updates match it bit for bit.
        _alpha = alpha.ToScalar();
        _oneMinusAlpha = (1.0 - alpha).ToScalar();
        _eps = eps.ToScalar();
        _minusLearningRate = (0.0 - learningRate).ToScalar();
    }

    /// <inheritdoc />
    public void ZeroGrad()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _flat.ZeroGrad();
    }

    /// <inheritdoc />
    public void Step()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _flat.EnsureIntact();
        using (no_grad())
        using (NewDisposeScope())
        {
            var grad = _flat.Grad;
            _squareAverage.mul_(_alpha).addcmul_(grad, grad, _oneMinusAlpha);
            var denominator = _squareAverage.sqrt().add_(_eps, KeptScalars.One);
            _flat.Data.addcdiv_(grad, denominator, _minusLearningRate);
        }
        // The Scalars are fields: keeping this object reachable keeps them alive until the last call has returned.
        GC.KeepAlive(this);
    }

    /// <inheritdoc />
    public void Save(BinaryWriter writer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        MethodState.WriteHeader(writer, "RmsProp", 1);
        writer.Write(_flat.Parameters.Count);
        using var scope = NewDisposeScope();
        foreach (var t in _flat.Split(_squareAverage)) t.Save(writer);
    }

    /// <inheritdoc />
    /// <remarks>Reads into copies first, so a failed load leaves the optimiser as it was.</remarks>
    public void Load(BinaryReader reader)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        MethodState.ReadHeader(reader, "RmsProp", 1);
        MethodState.Expect("RmsProp parameter count", reader.ReadInt32(), _flat.Parameters.Count);
        using var scope = NewDisposeScope();
        OptimizerState.ReadInto(reader, _flat.Split(_squareAverage), "RmsProp");
    }

    /// <summary>Frees the average, the handles on the flat buffers and the Scalars (the parameters keep their values).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _squareAverage.Dispose();
        _flat.Dispose();
        _alpha.Dispose(); _oneMinusAlpha.Dispose(); _eps.Dispose(); _minusLearningRate.Dispose();
    }
}
