using Dgdmn.IO;
using Dgdmn.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Dgdmn.Tests.Models;

/// <summary>
/// The kit's RMSProp as it was before the fused step (five kernels per parameter, state tensors per parameter),
/// kept as the reference the fused one is compared with: same updates, same saved bytes. The benchmarks link it
/// to time the optimiser phase old against new.
/// </summary>
public sealed class PerParameterRmsProp : IOptimizer
{
    private readonly Parameter[] _parameters;
    private readonly Tensor[] _squareAverages;
    // Fields, so no Scalar libtorch reads can be finalized mid-call (see Dgdmn.Models.RmsProp's remarks).
    private readonly Scalar _alpha, _oneMinusAlpha, _eps, _minusLearningRate, _one;

    /// <summary>Creates the optimiser with zero squared-gradient averages.</summary>
    public PerParameterRmsProp(IEnumerable<Parameter> parameters, double learningRate, double alpha, double eps)
    {
        _parameters = parameters.ToArray();
        _squareAverages = _parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
        _alpha = alpha.ToScalar();
        _oneMinusAlpha = (1.0 - alpha).ToScalar();
        _eps = eps.ToScalar();
        _minusLearningRate = (0.0 - learningRate).ToScalar();
        _one = 1.ToScalar();
    }

    /// <inheritdoc />
    public void ZeroGrad()
    {
        foreach (var p in _parameters)
        {
            using var grad = p.grad;
            grad?.zero_();
        }
    }

    /// <inheritdoc />
    public void Step()
    {
        using (no_grad())
        using (NewDisposeScope())
        {
            for (int i = 0; i < _parameters.Length; i++)
            {
                var grad = _parameters[i].grad;
                if (grad is null) continue;
                var squareAverage = _squareAverages[i];
                squareAverage.mul_(_alpha).addcmul_(grad, grad, _oneMinusAlpha);
                var denominator = squareAverage.sqrt().add_(_eps, _one);
                _parameters[i].addcdiv_(grad, denominator, _minusLearningRate);
            }
        }
        GC.KeepAlive(this);
    }

    /// <inheritdoc />
    public void Save(BinaryWriter writer)
    {
        MethodState.WriteHeader(writer, "RmsProp", 1);
        writer.Write(_parameters.Length);
        foreach (var t in _squareAverages) t.Save(writer);
    }

    /// <summary>Not needed by the comparisons: the fused optimiser's Load is what is tested.</summary>
    public void Load(BinaryReader reader) => throw new NotSupportedException("The per-parameter reference only saves.");

    /// <summary>Frees the averages and the Scalars.</summary>
    public void Dispose()
    {
        foreach (var t in _squareAverages) t.Dispose();
        _alpha.Dispose(); _oneMinusAlpha.Dispose(); _eps.Dispose(); _minusLearningRate.Dispose(); _one.Dispose();
    }
}
