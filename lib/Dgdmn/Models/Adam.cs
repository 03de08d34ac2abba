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
/// </summary>
public sealed class Adam : IOptimizer
{
    private readonly Parameter[] _parameters;
    private readonly Tensor[] _firstMoments, _secondMoments;
    private readonly Scalar _beta1, _oneMinusBeta1, _beta2, _oneMinusBeta2, _eps;
    private readonly double _learningRate, _beta1Value, _beta2Value;
    private long _steps;
    private bool _disposed;

    /// <summary>Creates the optimiser with zero moment estimates.</summary>
    /// <param name="parameters">Parameters to update; the optimiser does not own them.</param>
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
        _parameters = parameters.ToArray();
        _firstMoments = _parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
        _secondMoments = _parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
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
        OptimizerState.ZeroGrad(_parameters);
    }

    /// <inheritdoc />
    public void Step()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _steps++;
        // torch.optim.Adam (single-tensor path): step size lr / (1 − β1^t), denominator √v / √(1 − β2^t) + ε.
        double correction1 = 1 - Math.Pow(_beta1Value, _steps);
        double correction2Root = Math.Sqrt(1 - Math.Pow(_beta2Value, _steps));
        using var minusStepSize = (-(_learningRate / correction1)).ToScalar();
        using var root = correction2Root.ToScalar();
        using (no_grad())
        using (NewDisposeScope())
        {
            for (int i = 0; i < _parameters.Length; i++)
            {
                var grad = _parameters[i].grad;
                if (grad is null) continue;
                _firstMoments[i].mul_(_beta1).add_(grad, _oneMinusBeta1);
                _secondMoments[i].mul_(_beta2).addcmul_(grad, grad, _oneMinusBeta2);
                var denominator = _secondMoments[i].sqrt().div_(root).add_(_eps, KeptScalars.One);
                _parameters[i].addcdiv_(_firstMoments[i], denominator, minusStepSize);
            }
        }
        GC.KeepAlive(this);
    }

    /// <inheritdoc />
    public void Save(BinaryWriter writer)
    {
        MethodState.WriteHeader(writer, "Adam", 1);
        writer.Write(_parameters.Length);
        writer.Write(_steps);
        foreach (var t in _firstMoments.Concat(_secondMoments)) t.Save(writer);
    }

    /// <inheritdoc />
    /// <remarks>Reads into copies first, so a failed load leaves the optimiser as it was.</remarks>
    public void Load(BinaryReader reader)
    {
        MethodState.ReadHeader(reader, "Adam", 1);
        MethodState.Expect("Adam parameter count", reader.ReadInt32(), _parameters.Length);
        long steps = reader.ReadInt64();
        if (steps < 0) throw new InvalidDataException($"Adam state has a negative step count ({steps}).");
        OptimizerState.ReadInto(reader, [.. _firstMoments, .. _secondMoments], "Adam");
        _steps = steps;
    }

    /// <summary>Frees the moment estimates and the Scalars.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var t in _firstMoments.Concat(_secondMoments)) t.Dispose();
        _beta1.Dispose(); _oneMinusBeta1.Dispose(); _beta2.Dispose(); _oneMinusBeta2.Dispose(); _eps.Dispose();
    }
}
