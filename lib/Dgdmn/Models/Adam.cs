using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Dgdmn.IO;
using Dgdmn.Torch;

namespace Dgdmn.Models;

/// <summary>
/// Adam with the arithmetic of <c>torch.optim.Adam</c> (no AMSGrad, no weight decay), for the community protocol
/// (van de Ven et al.: lr 1e-3, β 0.9 / 0.999). Like <see cref="RmsProp"/>, every Scalar libtorch reads stays
/// reachable until the call that reads it has returned (see RmsProp's remarks for the TorchSharp hazard).
/// Parameters, gradients and both moments are flat buffers (<see cref="FlatParameters"/>), so a step is a handful
/// of kernels over the whole model; the saved state is still one tensor per parameter and moment, as before.
/// </summary>
public sealed class Adam : IOptimizer
{
    private readonly FlatParameters _flat;
    private readonly Tensor _firstMoment, _secondMoment;
    private readonly Scalar _beta1, _oneMinusBeta1, _beta2, _oneMinusBeta2, _eps;
    private readonly double _learningRate, _beta1Value, _beta2Value;
    private long _steps;
    private bool _disposed;

    /// <summary>Creates the optimiser with zero moment estimates.</summary>
    /// <param name="parameters">float32 parameters on one device to update; they stay their module's, re-pointed at
    /// slices of a flat buffer (see <see cref="FlatParameters"/>: zero their gradients with <see cref="ZeroGrad"/>).</param>
    /// <param name="learningRate">Step size, e.g. 1e-3.</param>
    /// <param name="beta1">Decay of the first-moment estimate, e.g. 0.9.</param>
    /// <param name="beta2">Decay of the second-moment estimate, e.g. 0.999.</param>
    /// <param name="eps">Added to the root of the corrected second moment, e.g. 1e-8.</param>
    public Adam(IEnumerable<Parameter> parameters, double learningRate, double beta1, double beta2, double eps)
    {
        if (!(learningRate >= 0)) throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "Learning rate must be non-negative.");
        if (beta1 is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "Beta1 must be in [0, 1).");
        if (beta2 is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "Beta2 must be in [0, 1).");
        if (!(eps >= 0)) throw new ArgumentOutOfRangeException(nameof(eps), eps, "Epsilon must be non-negative.");
        _flat = new FlatParameters(parameters);
        _firstMoment = _flat.NewState();
        _secondMoment = _flat.NewState();
        _learningRate = learningRate; _beta1Value = beta1; _beta2Value = beta2;
        _beta1 = beta1.ToScalar(); _oneMinusBeta1 = (1.0 - beta1).ToScalar();
        _beta2 = beta2.ToScalar(); _oneMinusBeta2 = (1.0 - beta2).ToScalar();
        _eps = eps.ToScalar();
    }

    /// <summary>Steps taken so far (the bias corrections depend on it).</summary>
    public long Steps => _steps;

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
        _steps++;
        // torch.optim.Adam (single-tensor path): step size lr / (1 − β1^t), denominator √v / √(1 − β2^t) + ε.
        double correction1 = 1 - Math.Pow(_beta1Value, _steps);
        double correction2Root = Math.Sqrt(1 - Math.Pow(_beta2Value, _steps));
        using var minusStepSize = (-(_learningRate / correction1)).ToScalar();
        using var root = correction2Root.ToScalar();
        using (no_grad())
        using (NewDisposeScope())
        {
            var grad = _flat.Grad;
            _firstMoment.mul_(_beta1).add_(grad, _oneMinusBeta1);
            _secondMoment.mul_(_beta2).addcmul_(grad, grad, _oneMinusBeta2);
            var denominator = _secondMoment.sqrt().div_(root).add_(_eps, KeptScalars.One);
            _flat.Data.addcdiv_(_firstMoment, denominator, minusStepSize);
        }
        GC.KeepAlive(this);
    }

    /// <inheritdoc />
    public void Save(BinaryWriter writer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        MethodState.WriteHeader(writer, "Adam", 1);
        writer.Write(_flat.Parameters.Count);
        writer.Write(_steps);
        using var scope = NewDisposeScope();
        foreach (var t in _flat.Split(_firstMoment).Concat(_flat.Split(_secondMoment))) t.Save(writer);
    }

    /// <inheritdoc />
    /// <remarks>Reads into copies first, so a failed load leaves the optimiser as it was.</remarks>
    public void Load(BinaryReader reader)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        MethodState.ReadHeader(reader, "Adam", 1);
        MethodState.Expect("Adam parameter count", reader.ReadInt32(), _flat.Parameters.Count);
        long steps = reader.ReadInt64();
        if (steps < 0) throw new InvalidDataException($"Adam state has a negative step count ({steps}).");
        using var scope = NewDisposeScope();
        OptimizerState.ReadInto(reader, [.. _flat.Split(_firstMoment), .. _flat.Split(_secondMoment)], "Adam");
        _steps = steps;
    }

    /// <summary>Frees the moment estimates, the handles on the flat buffers and the Scalars (the parameters keep their values).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _firstMoment.Dispose();
        _secondMoment.Dispose();
        _flat.Dispose();
        _beta1.Dispose(); _oneMinusBeta1.Dispose(); _beta2.Dispose(); _oneMinusBeta2.Dispose(); _eps.Dispose();
    }
}
