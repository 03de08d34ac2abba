namespace Dgdmn.Experiments;

/// <summary>What one <c>Learn</c> call cost (from its <see cref="Dgdmn.Methods.TaskReport"/>), for timing plots (spec §6.4c).</summary>
/// <param name="Experiment">Experiment name as in <see cref="AccuracyRecord.Experiment"/>.</param>
/// <param name="Method">Method name (see <see cref="AccuracyRecord.Method"/>).</param>
/// <param name="Seed">Run seed.</param>
/// <param name="Task">0-based task learned.</param>
/// <param name="TrainSeconds">Wall-clock seconds of the whole call, sleep included.</param>
/// <param name="SleepSeconds">Seconds of it spent sleeping (consolidation).</param>
/// <param name="Slept">Whether the call triggered a sleep.</param>
/// <param name="Epochs">Epochs run across all models trained in the call.</param>
/// <param name="Samples">Samples passed through training steps.</param>
/// <param name="Variant">Variant label within the run (see <see cref="AccuracyRecord.Variant"/>).</param>
public sealed record TaskTiming(string Experiment, string Method, long Seed, int Task, double TrainSeconds, double SleepSeconds, bool Slept, int Epochs, long Samples, string Variant = "")
{
    /// <summary>This timing's unit.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public UnitKey Unit => new(Experiment, Method, Variant, Seed);

    /// <summary>The method label in tables: <see cref="UnitKey.Label"/>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Label => Unit.Label;
}
