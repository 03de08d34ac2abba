namespace Dgdmn.Experiments;

/// <summary>One entry of an accuracy matrix in long format: R[AfterTask, Task] for one experiment, method and seed.</summary>
/// <param name="Experiment">Experiment name; "name/benchmark" when an experiment runs several benchmarks.</param>
/// <param name="Method">Method name or variant label, e.g. "dgdmn" or "dgdmn kappa=0.025".</param>
/// <param name="Seed">Run seed.</param>
/// <param name="AfterTask">0-based task just trained (row of R).</param>
/// <param name="Task">0-based task evaluated (column of R).</param>
/// <param name="Accuracy">Test accuracy in [0, 1].</param>
public sealed record AccuracyRecord(string Experiment, string Method, long Seed, int AfterTask, int Task, double Accuracy);
