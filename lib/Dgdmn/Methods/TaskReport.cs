namespace Dgdmn.Methods;

/// <summary>What one <see cref="IContinualMethod.Learn"/> call did.</summary>
/// <param name="TaskId">The task learned.</param>
/// <param name="Seconds">Wall-clock seconds of the whole call, sleep included.</param>
/// <param name="Epochs">Epochs run across all models trained in the call.</param>
/// <param name="SamplesProcessed">Samples passed through training steps (real + replayed, times epochs).</param>
/// <param name="FinalLosses">Last-epoch mean loss per trained model, keyed by a model label such as "ltm.vae".</param>
/// <param name="Slept">Whether the call triggered a sleep (consolidation into the long-term memory).</param>
/// <param name="SleepSeconds">Seconds spent sleeping (0 when it did not).</param>
public sealed record TaskReport(
    int TaskId,
    double Seconds,
    int Epochs,
    long SamplesProcessed,
    IReadOnlyDictionary<string, double> FinalLosses,
    bool Slept = false,
    double SleepSeconds = 0)
{
    /// <summary>This report followed by <paramref name="next"/> (e.g. the end-of-stream sleep) as one step: times, epochs and samples add up, later losses win.</summary>
    public TaskReport Then(TaskReport next) => this with
    {
        Seconds = Seconds + next.Seconds,
        Epochs = Epochs + next.Epochs,
        SamplesProcessed = SamplesProcessed + next.SamplesProcessed,
        FinalLosses = FinalLosses.Concat(next.FinalLosses).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Last().Value),
        Slept = Slept || next.Slept,
        SleepSeconds = SleepSeconds + next.SleepSeconds,
    };
}
