using System.Text.Json.Serialization;

namespace Dgdmn.Methods;

/// <summary>Settings of the classifier baselines (spec §5).</summary>
public sealed record BaselineConfig
{
    /// <summary>DropNN dropout after each hidden ReLU (project default 0.5).</summary>
    public double Dropout { get; init; } = 0.5;

    /// <summary>EWC λ (project default 1000).</summary>
    public double EwcLambda { get; init; } = 1000;

    /// <summary>Samples of each task used to estimate EWC's Fisher information (project default 200).</summary>
    public int FisherSamples { get; init; } = 200;

    /// <summary>PPR pseudopatterns per task as a multiple of the task's training size (project default 1).</summary>
    public double PseudoPatternFactor { get; init; } = 1;

    /// <summary>Exact-replay buffer size M, split evenly over seen tasks (project default 2,000).</summary>
    public int ReplayBuffer { get; init; } = 2000;

    /// <summary>
    /// How ER mixes its buffer into a task. False (project default): one training set, the task's data concatenated
    /// with the buffer, so old tasks are only the buffer's share of each batch. True (community protocol, Hsu et al.,
    /// van de Ven et al.): every optimiser step adds a batch drawn from the buffer, its loss weighted (t − 1)/t and
    /// the current batch's 1/t after t tasks. Left out of the configuration hash while false.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool ReplayEveryStep { get; init; }

    /// <summary>The spec's settings.</summary>
    public static BaselineConfig Paper { get; } = new();

    /// <summary>Same settings (they cost little).</summary>
    public static BaselineConfig Quick { get; } = new();

    /// <summary>Throws naming the first invalid field.</summary>
    public void Validate()
    {
        if (Dropout is < 0 or >= 1 || double.IsNaN(Dropout)) throw new ArgumentException($"BaselineConfig.Dropout must be in [0, 1) (got {Dropout}).");
        if (!(EwcLambda >= 0)) throw new ArgumentException($"BaselineConfig.EwcLambda must be non-negative (got {EwcLambda}).");
        if (FisherSamples < 1) throw new ArgumentException($"BaselineConfig.FisherSamples must be at least 1 (got {FisherSamples}).");
        if (!(PseudoPatternFactor > 0)) throw new ArgumentException($"BaselineConfig.PseudoPatternFactor must be positive (got {PseudoPatternFactor}).");
        if (ReplayBuffer < 1) throw new ArgumentException($"BaselineConfig.ReplayBuffer must be at least 1 (got {ReplayBuffer}).");
    }
}
