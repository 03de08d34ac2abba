using System.Text.Json.Serialization;

namespace Dgdmn.Memory;

/// <summary>
/// Replay as the community does it (van de Ven et al., spec §9), instead of the paper's one generated set per
/// update: every optimiser step draws a new replay batch from a frozen copy of the memory's previous generator,
/// labelled by a frozen copy of its previous learner. With <see cref="MemoryConfig.Labels"/> soft the learner is
/// distilled from the previous learner's scores at <see cref="Temperature"/>; hard, it is trained on their argmax.
/// </summary>
public sealed record FreshReplayConfig
{
    /// <summary>Distillation temperature T of soft replay targets (community: 2); the loss is scaled by T².</summary>
    public double Temperature { get; init; } = 2;

    /// <summary>
    /// Weight the current data's loss by the share of new tasks in the memory after the update (1/t for one new
    /// task after t) and the replay's by the rest, as the community does; false weighs them equally.
    /// </summary>
    public bool WeightByTasks { get; init; } = true;

    /// <summary>
    /// Scores over the classes the memory has seen so far (community class-incremental protocol), in training
    /// and at test; false: over the whole head, as the paper's memories do.
    /// </summary>
    public bool SeenClassesOnly { get; init; } = true;

    /// <summary>
    /// With an iteration schedule (<see cref="Models.TrainingConfig.Iterations"/>), train an update that brings k new
    /// tasks for k times the steps, so every task gets the same budget however many arrive at once: a DGDMN sleep
    /// consolidating two STTMs then gives the LTM what DGR gives each task. False (default): the schedule's steps
    /// per update, whatever it brings. Left out of the configuration hash while false.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool IterationsPerNewTask { get; init; }

    /// <summary>Throws naming the first invalid field.</summary>
    public void Validate()
    {
        if (!(Temperature > 0) || double.IsInfinity(Temperature))
            throw new ArgumentException($"FreshReplayConfig.Temperature must be positive and finite (got {Temperature}).");
    }
}
