namespace Dgdmn.Experiments;

/// <summary>One line of an experiment's summary: a method's ACC and BWT as mean ± SEM across seeds, and its training time.</summary>
/// <param name="Experiment">Experiment name as in <see cref="AccuracyRecord.Experiment"/>.</param>
/// <param name="Method">Method name (see <see cref="AccuracyRecord.Method"/>).</param>
/// <param name="AccMean">Mean ACC across seeds.</param>
/// <param name="AccSem">SEM of ACC (0 for one seed, see <see cref="Dgdmn.Metrics.MeanSem"/>).</param>
/// <param name="BwtMean">Mean BWT across seeds (NaN for one-task streams).</param>
/// <param name="BwtSem">SEM of BWT.</param>
/// <param name="TrainSeconds">Mean over seeds of the total wall-clock seconds of all <c>Learn</c> calls (sleeps included; evaluation excluded).</param>
/// <param name="Seeds">Number of seeds with a complete matrix.</param>
/// <param name="Variant">Variant label within the run (see <see cref="AccuracyRecord.Variant"/>).</param>
public sealed record SummaryRow(string Experiment, string Method, double AccMean, double AccSem, double BwtMean, double BwtSem, double TrainSeconds, int Seeds, string Variant = "")
{
    /// <summary>The method label in tables: "dgdmn" or "dgdmn kappa=0.025" (see <see cref="UnitKey.Label"/>).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Label => UnitKey.LabelOf(Method, Variant);
}
