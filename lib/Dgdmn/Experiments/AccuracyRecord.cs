namespace Dgdmn.Experiments;

/// <summary>One entry of an accuracy matrix in long format: R[AfterTask, Task] for one experiment, method and seed.</summary>
/// <param name="Experiment">Experiment name; "name/benchmark" when an experiment runs several benchmarks.</param>
/// <param name="Method">Method name, e.g. "dgdmn" (in results saved before variants were recorded apart: the whole label).</param>
/// <param name="Seed">Run seed.</param>
/// <param name="AfterTask">0-based task just trained (row of R).</param>
/// <param name="Task">0-based task evaluated (column of R).</param>
/// <param name="Accuracy">Test accuracy in [0, 1].</param>
/// <param name="Variant">Variant of the method within the run, e.g. "kappa=0.025"; empty for the method as configured.</param>
public sealed record AccuracyRecord(string Experiment, string Method, long Seed, int AfterTask, int Task, double Accuracy, string Variant = "")
{
    /// <summary>This entry's unit.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public UnitKey Unit => new(Experiment, Method, Variant, Seed);

    /// <summary>The method label in tables: <see cref="UnitKey.Label"/>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Label => Unit.Label;
}
