using Dgdmn.IO;
using Dgdmn.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Dgdmn.Tests.Models;

/// <summary>
/// The kit's Adam as it was before the fused step (a loop over parameters, moments per parameter), kept as the
/// reference the fused one is compared with: same updates, same saved bytes. The benchmarks link it too.
/// </summary>
public sealed class PerParameterAdam : IOptimizer
{
    private readonly Parameter[] _parameters;
    private readonly Tensor[] _firstMoments, _secondMoments;
    // Fields, so no Scalar libtorch reads can be finalized mid-call (see Dgdmn.Models.RmsProp's remarks).
    private readonly Scalar _beta1, _oneMinusBeta1, _beta2, _oneMinusBeta2, _eps, _one;
    private readonly double _learningRate, _beta1Value, _beta2Value;
    private long _steps;

    /// <summary>Creates the optimiser with zero moment estimates.</summary>
    public PerParameterAdam(IEnumerable<Parameter> parameters, double learningRate, double beta1, double beta2, double eps)
    {
        _parameters = parameters.ToArray();
        _firstMoments = _parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
        _secondMoments = _parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
        _learningRate = learningRate; _beta1Value = beta1; _beta2Value = beta2;
        _beta1 = beta1.ToScalar(); _oneMinusBeta1 = (1.0 - beta1).ToScalar();
        _beta2 = beta2.ToScalar(); _oneMinusBeta2 = (1.0 - beta2).ToScalar();
        _eps = eps.ToScalar();
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
        _steps++;
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
                var denominator = _secondMoments[i].sqrt().div_(root).add_(_eps, _one);
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

    /// <summary>Not needed by the comparisons: the fused optimiser's Load is what is tested.</summary>
    public void Load(BinaryReader reader) => throw new NotSupportedException("The per-parameter reference only saves.");

    /// <summary>Frees the moments and the Scalars.</summary>
    public void Dispose()
    {
        foreach (var t in _firstMoments.Concat(_secondMoments)) t.Dispose();
        _beta1.Dispose(); _oneMinusBeta1.Dispose(); _beta2.Dispose(); _oneMinusBeta2.Dispose(); _eps.Dispose(); _one.Dispose();
    }
}
