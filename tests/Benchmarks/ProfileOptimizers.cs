using Dgdmn.Models;
using Dgdmn.Tests.Models;
using TorchSharp;
using TorchSharp.Modules;

namespace Dgdmn.Benchmarks;

/// <summary>
/// The optimisers "profile --optimizers" times on the TorchSharp side: TorchSharp's own RMSProp (the default
/// profile's), the kit's former per-parameter loops (the test project's references, linked in) and the kit's
/// fused RMSProp and Adam (one flat buffer per model, a handful of kernels per step).
/// </summary>
public static class ProfileOptimizers
{
    /// <summary>Names accepted by <c>--optimizers</c>, in print order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["torch-rmsprop", "rmsprop-loop", "rmsprop-fused", "adam-loop", "adam-fused"];

    /// <summary>The named optimiser over <paramref name="parameters"/> with the paper's (RMSProp) or community's (Adam) settings.</summary>
    public static IOptimizer Create(string name, IReadOnlyList<Parameter> parameters) => name switch
    {
        "torch-rmsprop" => new TorchOptimizer(torch.optim.RMSProp(parameters, lr: 1e-3, alpha: 0.9, eps: 1e-8)),
        "rmsprop-loop" => new PerParameterRmsProp(parameters, 1e-3, 0.9, 1e-8),
        "rmsprop-fused" => new RmsProp(parameters, 1e-3, 0.9, 1e-8),
        "adam-loop" => new PerParameterAdam(parameters, 1e-3, 0.9, 0.999, 1e-8),
        "adam-fused" => new Dgdmn.Models.Adam(parameters, 1e-3, 0.9, 0.999, 1e-8),
        _ => throw new ArgumentException($"Unknown optimiser '{name}'. Use {string.Join(", ", Names)}."),
    };

    // torch.optim's optimiser behind the kit's interface, so one profile loop times all of them.
    private sealed class TorchOptimizer(torch.optim.Optimizer optimizer) : IOptimizer
    {
        public void ZeroGrad() => optimizer.zero_grad();
        public void Step() => optimizer.step();
        public void Save(BinaryWriter writer) => throw new NotSupportedException();
        public void Load(BinaryReader reader) => throw new NotSupportedException();
        public void Dispose() => optimizer.Dispose();
    }
}
