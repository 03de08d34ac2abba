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

    /// <summary>
    /// The community protocol of split MNIST (van de Ven et al., spec §9): Adam kept across tasks, 2,000 iterations
    /// of batch 128 per task, 784-400-400 networks, fresh replay with soft targets at T = 2 and the 1/t weighting,
    /// scores over the classes seen so far, DGDMN consolidating after the last task with the same iteration budget
    /// per task as DGR (<see cref="FreshReplayConfig.IterationsPerNewTask"/>), and an exact-replay buffer of 1,000
    /// samples (Hsu et al. report about 1,100) replayed at every step (<see cref="BaselineConfig.ReplayEveryStep"/>).
    /// </summary>
    public static MethodConfig Community { get; } = new()
    {
        Training = TrainingConfig.Community, Networks = NetworkConfig.Community, Memory = MemoryConfig.Community,
        Baselines = BaselineConfig.Paper with { ReplayBuffer = 1000, ReplayEveryStep = true },
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
