namespace Dgdmn.Experiments;

/// <summary>
/// What a result label of a run stands for: the stream it was trained on and how it was scored, recorded by the
/// runner so reports match a label with the paper's numbers without asking the experiment registry.
/// </summary>
/// <param name="Label">The label in the run's tables, e.g. "digits" or "v2-table/shapes".</param>
/// <param name="Stream">The benchmark's stream, e.g. "shapes" or "split-mnist".</param>
/// <param name="Scenario">How it was scored.</param>
public sealed record BenchmarkLabel(string Label, string Stream, Scenario Scenario);
