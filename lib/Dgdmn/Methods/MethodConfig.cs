using Dgdmn.Memory;
using Dgdmn.Models;

namespace Dgdmn.Methods;

/// <summary>Every setting a method reads: training schedule, architectures, memory rules and baseline options.</summary>
public sealed record MethodConfig
{
    /// <summary>Optimiser, batch size and epochs.</summary>
    public TrainingConfig Training { get; init; } = TrainingConfig.Paper;

    /// <summary>Learner and VAE architectures.</summary>
    public NetworkConfig Networks { get; init; } = NetworkConfig.Paper;

    /// <summary>N_max, κ, n_STM and the other memory rules.</summary>
    public MemoryConfig Memory { get; init; } = MemoryConfig.Paper;

    /// <summary>Dropout, EWC, PPR and exact-replay settings.</summary>
    public BaselineConfig Baselines { get; init; } = BaselineConfig.Paper;

    /// <summary>The paper's settings (spec §3, §5).</summary>
    public static MethodConfig Paper { get; } = new();

    /// <summary>Same rules and architectures with <see cref="TrainingConfig.Quick"/>'s schedule for small capped tasks.</summary>
    public static MethodConfig Quick { get; } = new()
    {
        Training = TrainingConfig.Quick,
        Networks = NetworkConfig.Quick, Memory = MemoryConfig.Quick, Baselines = BaselineConfig.Quick,
    };

    /// <summary>Throws naming the first invalid field.</summary>
    public void Validate()
    {
        Training.Validate(); Networks.Validate(); Memory.Validate(); Baselines.Validate();
    }
}

/// <summary>What a method needs to be built for one run.</summary>
/// <param name="Classes">Head size C of the stream.</param>
/// <param name="Seed">Run seed; every random choice of the method derives from it.</param>
/// <param name="Device">Where the method's models live.</param>
/// <param name="Config">Method settings.</param>
/// <param name="DatasetTrainSize">Total training samples of the stream (the "full dataset" N_max when Memory.NMax is null).</param>
public sealed record MethodContext(int Classes, long Seed, TorchSharp.torch.Device Device, MethodConfig Config, long DatasetTrainSize)
{
    /// <summary>N_max in force: Memory.NMax, else the stream's total training size.</summary>
    public long NMax => Config.Memory.NMax ?? DatasetTrainSize;
}
