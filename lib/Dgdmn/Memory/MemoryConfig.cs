using System.Text.Json.Serialization;

namespace Dgdmn.Memory;

/// <summary>How replayed and LTM-extra samples are labelled (spec §2.8).</summary>
public enum LabelMode
{
    /// <summary>argmax of the learner (project default).</summary>
    Hard,
    /// <summary>The learner's class probabilities.</summary>
    Soft,
}

/// <summary>How the descriptor-free mode decides a memory "knows" a batch (spec §2.6).</summary>
public enum GammaMode
{
    /// <summary>Mean per-pixel BCE ≤ γ (project default, γ = 1.55).</summary>
    Absolute,
    /// <summary>Mean per-pixel BCE ≤ γ × the memory's mean error on its last training set.</summary>
    Relative,
}

/// <summary>Settings of the generative memories, DGR and DGDMN (spec §2.2–2.8, §3).</summary>
public sealed record MemoryConfig
{
    /// <summary>
    /// N_max: most samples (new + generated) in one LTM / DGR update. Null means "the full dataset", i.e. the
    /// stream's total training size (summary rule; TDigits uses half of it: set it explicitly).
    /// </summary>
    public long? NMax { get; init; }

    /// <summary>κ: least share of N_max each new task gets once N_max binds (spec: 0.05 = 0.5/K with K = 10).</summary>
    public double Kappa { get; init; } = 0.05;

    /// <summary>n_STM: number of short-term task memories (summary: 2; TDigits 5).</summary>
    public int NStm { get; init; } = 2;

    /// <summary>κ of an STTM's own DGR updates (project default 0.5).</summary>
    public double KappaSttm { get; init; } = 0.5;

    /// <summary>N_max of an STTM as a multiple of the task's training size (project default 2).</summary>
    public double NMaxSttmFactor { get; init; } = 2;

    /// <summary>Labels of replayed and LTM-extra samples (project default: hard).</summary>
    public LabelMode Labels { get; init; } = LabelMode.Hard;

    /// <summary>Generate Bernoulli pixel samples instead of decoder means (project default: false).</summary>
    public bool BernoulliSamples { get; init; }

    /// <summary>
    /// Samples each STTM generates at sleep, as a multiple of its age; null: 1, n_s = age (project default, spec
    /// §2.4). More gives the LTM a more varied picture of the new tasks at the cost of generation time and one
    /// larger set. Left out of the configuration hash while null.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? SleepSamplesPerAge { get; init; }

    /// <summary>Consolidate the STTMs once more after the last task (spec: false).</summary>
    public bool SleepAtEnd { get; init; }

    /// <summary>Learners see VAE reconstructions, in training and at test (paper: true; ablation W6: false).</summary>
    public bool ReconstructInputs { get; init; } = true;

    /// <summary>Use the LTM's reconstructions of a revisited task as extra STTM data (paper §2.5 path b: true).</summary>
    public bool LtmExtras { get; init; } = true;

    /// <summary>Route training data and queries without task descriptors (spec §2.6; default false).</summary>
    public bool DescriptorFree { get; init; }

    /// <summary>γ of the descriptor-free mode (summary: 1.55 on per-pixel mean BCE).</summary>
    public double Gamma { get; init; } = 1.55;

    /// <summary>Absolute or relative γ (ablation W10).</summary>
    public GammaMode GammaMode { get; init; } = GammaMode.Absolute;

    /// <summary>
    /// Fresh replay every optimiser step from frozen copies of the previous networks (community protocol); null:
    /// the paper's one generated set per update under N_max and κ. Left out of the configuration hash while null.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public FreshReplayConfig? FreshReplay { get; init; }

    /// <summary>
    /// The community protocol's memories: fresh replay with soft targets distilled at T = 2, the 1/t weighting,
    /// scores over the classes seen so far; the classifier learns from the data itself, not reconstructions, and
    /// DGDMN consolidates its short-term memories after the last task, so every task is in the long-term memory
    /// when the class-incremental evaluation asks without a task id; a sleep that brings k tasks trains for k times
    /// the iterations, the budget DGR gives each task.
    /// </summary>
    public static MemoryConfig Community { get; } = new()
    {
        FreshReplay = new FreshReplayConfig { IterationsPerNewTask = true }, Labels = LabelMode.Soft, ReconstructInputs = false, SleepAtEnd = true,
    };

    /// <summary>The spec's settings for Digits, Permnist, Shapes and Hindi.</summary>
    public static MemoryConfig Paper { get; } = new();

    /// <summary>Same rules at quick scale (N_max follows the smaller stream automatically).</summary>
    public static MemoryConfig Quick { get; } = new();

    /// <summary>Throws naming the first invalid field.</summary>
    public void Validate()
    {
        if (NMax is < 1) throw new ArgumentException($"MemoryConfig.NMax must be positive (got {NMax}).");
        if (Kappa is < 0 or > 1 || double.IsNaN(Kappa)) throw new ArgumentException($"MemoryConfig.Kappa must be in [0, 1] (got {Kappa}).");
        if (KappaSttm is < 0 or > 1 || double.IsNaN(KappaSttm)) throw new ArgumentException($"MemoryConfig.KappaSttm must be in [0, 1] (got {KappaSttm}).");
        if (NStm < 1) throw new ArgumentException($"MemoryConfig.NStm (n_STM) must be at least 1 (got {NStm}).");
        if (!(NMaxSttmFactor >= 1)) throw new ArgumentException($"MemoryConfig.NMaxSttmFactor must be at least 1 (got {NMaxSttmFactor}).");
        if (SleepSamplesPerAge is { } perAge && (!(perAge > 0) || double.IsInfinity(perAge)))
            throw new ArgumentException($"MemoryConfig.SleepSamplesPerAge must be positive and finite (got {SleepSamplesPerAge}); 1 generates each STTM's age.");
        if (!(Gamma > 0)) throw new ArgumentException($"MemoryConfig.Gamma must be positive (got {Gamma}).");
        FreshReplay?.Validate();
    }

    /// <summary>
    /// Throws when the N_max in force cannot hold one mini-batch (an update smaller than a batch is a
    /// configuration mistake, not a memory limit).
    /// </summary>
    /// <param name="nMax">N_max in force (<see cref="NMax"/>, else the stream's training size).</param>
    /// <param name="batchSize">TrainingConfig.BatchSize.</param>
    public void ValidateCapacity(long nMax, int batchSize)
    {
        if (nMax < batchSize)
            throw new ArgumentException($"MemoryConfig.NMax (N_max = {nMax}) is smaller than TrainingConfig.BatchSize ({batchSize}). " +
                "Raise N_max or lower the batch size.");
    }
}
