using System.Text.Json.Serialization;
using TorchSharp.Modules;

namespace Dgdmn.Models;

/// <summary>Optimiser and schedule for every training call (spec §3.1; the community protocol of spec §9 as <see cref="Community"/>).</summary>
public sealed record TrainingConfig
{
    /// <summary>Mini-batch size, reshuffled each epoch (summary: 128).</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Epochs per training call for learners and classifier baselines (summary: 6).</summary>
    public int LearnerEpochs { get; init; } = 6;

    /// <summary>Epochs per training call for VAEs (summary: 25).</summary>
    public int VaeEpochs { get; init; } = 25;

    /// <summary>RMSProp learning rate (summary: 0.001).</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>RMSProp ρ, TorchSharp's <c>alpha</c> (summary: 0.9, the Keras default; TorchSharp's own default 0.99 is not the paper's).</summary>
    public double Rho { get; init; } = 0.9;

    /// <summary>RMSProp ε (summary: 1e-8).</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>
    /// Adam instead of RMSProp (community protocol); null: the paper's RMSProp with <see cref="Rho"/>. Left out of
    /// the configuration hash while null, so the paper's hashes do not change.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public AdamConfig? Adam { get; init; }

    /// <summary>
    /// Optimiser steps per training call, for learners and VAEs alike (community protocol: 2,000), instead of
    /// <see cref="LearnerEpochs"/> and <see cref="VaeEpochs"/>; batches are drawn from a reshuffled pass over
    /// the data, a new pass whenever one ends. Null: the epoch schedule.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Iterations { get; init; }

    /// <summary>The paper's settings.</summary>
    public static TrainingConfig Paper { get; } = new();

    /// <summary>
    /// The community protocol (van de Ven et al. on split MNIST, spec §9): Adam (lr 1e-3, β 0.9 / 0.999, kept
    /// across tasks), 2,000 iterations of batch 128 per task for the classifier and the generator alike.
    /// </summary>
    public static TrainingConfig Community { get; } = new() { Adam = new AdamConfig(), Iterations = 2000 };

    /// <summary>A fresh optimiser of this configuration's kind for <paramref name="parameters"/>.</summary>
    public IOptimizer CreateOptimizer(IEnumerable<Parameter> parameters) => Adam is { } adam
        ? new Adam(parameters, LearningRate, adam.Beta1, adam.Beta2, Epsilon)
        : new RmsProp(parameters, LearningRate, Rho, Epsilon);

    /// <summary>
    /// Quick scale (a few hundred samples per task; project default): mini-batches of 32, 4 learner and 20 VAE
    /// epochs, so a VAE still takes 100+ optimiser steps per task. At batch 128 a 200-sample task gets two steps
    /// per epoch and DGR/DGDMN replay is noise (Digits ACC 0.1–0.2 measured).
    /// </summary>
    public static TrainingConfig Quick { get; } = new() { BatchSize = 32, LearnerEpochs = 4, VaeEpochs = 20 };

    /// <summary>Throws naming the first invalid field.</summary>
    public void Validate()
    {
        if (BatchSize < 1) throw new ArgumentException($"TrainingConfig.BatchSize must be at least 1 (got {BatchSize}).");
        if (LearnerEpochs < 1) throw new ArgumentException($"TrainingConfig.LearnerEpochs must be at least 1 (got {LearnerEpochs}).");
        if (VaeEpochs < 1) throw new ArgumentException($"TrainingConfig.VaeEpochs must be at least 1 (got {VaeEpochs}).");
        if (!(LearningRate > 0)) throw new ArgumentException($"TrainingConfig.LearningRate must be positive (got {LearningRate}).");
        if (Rho is < 0 or >= 1) throw new ArgumentException($"TrainingConfig.Rho must be in [0, 1) (got {Rho}).");
        if (!(Epsilon > 0)) throw new ArgumentException($"TrainingConfig.Epsilon must be positive (got {Epsilon}).");
        if (Iterations is < 1) throw new ArgumentException($"TrainingConfig.Iterations must be at least 1 (got {Iterations}), or null for the epoch schedule.");
        Adam?.Validate();
    }
}
