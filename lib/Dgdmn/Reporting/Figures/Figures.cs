using Dgdmn.Experiments;
using Dgdmn.Metrics;
using Microsoft.Data.Analysis;

namespace Dgdmn.Reporting;

/// <summary>
/// The paper's figures and tables drawn from a <see cref="RunResult"/>: same axes and series as the paper
/// (docs/method.md §6), our curves as mean ± SEM over seeds, and the paper's numbers (<see cref="PaperTargets"/>)
/// beside them as dashed lines of the same colour. Notebooks call one function per figure. One file per figure
/// family: accuracy curves, time, ACC/BWT tables, robustness, sweeps; this one holds what they share.
/// </summary>
public static partial class Figures
{
    /// <summary>The paper's spelling of a unit's method: "dgdmn" → "DGDMN"; with a variant, "DGDMN kappa=0.1".</summary>
    /// <param name="method">Method name (unknown names are shown as given).</param>
    /// <param name="variant">Variant name, empty for none.</param>
    public static string DisplayName(string method, string variant = "")
    {
        var name = Dgdmn.Methods.MethodCatalog.Find(method)?.DisplayName ?? method;
        return variant.Length == 0 ? name : $"{name} {variant}";
    }

    private static readonly string[] Extra = ["#17becf", "#bcbd22", "#393b79", "#637939", "#8c6d31", "#843c39"];

    // A method as configured keeps its catalogue colour in every figure; variants and unknown names take the
    // extra palette by position, so two variants of one method never share a colour.
    private static string ColorOf(string method, string variant, int index) =>
        variant.Length == 0 && Dgdmn.Methods.MethodCatalog.Find(method) is { } m ? m.Color : Extra[index % Extra.Length];

    private static string Label(RunResult result, string? experiment)
    {
        var labels = result.Accuracy.Select(a => a.Experiment).Concat(result.Timings.Select(t => t.Experiment)).Distinct().ToList();
        if (experiment is not null)
            return labels.Contains(experiment) ? experiment
                : throw new ArgumentException($"Run '{result.Experiment}' has no results for '{experiment}'; it has {string.Join(", ", labels)}.", nameof(experiment));
        return labels.Count switch
        {
            1 => labels[0],
            0 => throw new ArgumentException($"Run '{result.Experiment}' has no accuracy or timing results."),
            _ => throw new ArgumentException($"Run '{result.Experiment}' has several experiment labels; pass experiment: one of {string.Join(", ", labels)}.", nameof(experiment)),
        };
    }

    /// <summary>The units of one label, method and variant, one per seed (the unit key with seed 0 stands for all seeds).</summary>
    private static List<UnitKey> UnitsOf(RunResult result, string label) =>
        result.Accuracy.Where(a => a.Experiment == label).Select(a => a.Unit with { Seed = 0 })
            .Concat(result.Timings.Where(t => t.Experiment == label).Select(t => t.Unit with { Seed = 0 })).Distinct().ToList();

    // The matrices of one unit over its seeds. Pass all of them when drawing several units: rebuilding them from the
    // long-format records is the costly part of a figure.
    private static List<AccuracyMatrix> MatricesOf(RunResult result, string label, string method, string variant,
        IReadOnlyDictionary<UnitKey, AccuracyMatrix>? all = null)
    {
        var found = (all ?? result.Matrices()).Where(m => m.Key with { Seed = 0 } == new UnitKey(label, method, variant, 0))
            .OrderBy(m => m.Key.Seed).Select(m => m.Value).ToList();
        return found.Count > 0 ? found
            : throw new ArgumentException($"No accuracy matrix for method '{UnitKey.LabelOf(method, variant)}' in '{label}'; methods: {string.Join(", ", UnitsOf(result, label).Select(u => u.Label))}.", nameof(method));
    }

    /// <summary>The paper's curve of one method and metric as a dashed series in the method's colour (none for variants).</summary>
    private static IEnumerable<ChartSeries> Reference(RunResult result, string label, UnitKey unit, string metric)
    {
        if (unit.Variant.Length > 0) yield break;
        var refs = Targets(result, label, unit.Method, metric).Where(t => t.T is not null).OrderBy(t => t.T).ToList();
        if (refs.Count == 0) yield break;
        yield return ChartSeries.Reference($"{DisplayName(unit.Method)} (paper)", refs.Select(t => (double)t.T!.Value).ToArray(), refs.Select(t => t.Value).ToArray())
            with { Color = ColorOf(unit.Method, "", 0) };
    }

    /// <summary>The paper/community targets of one label, method and metric, preferring the benchmark's scenario.</summary>
    private static List<PaperTarget> Targets(RunResult result, string label, string method, string metric)
    {
        var (key, scenario) = TargetKey(result, label);
        var all = PaperTargets.All.Where(t => t.Benchmark == key && t.Method == method && t.Metric == metric).ToList();
        var same = all.Where(t => t.Scenario == scenario).ToList();
        return same.Count > 0 ? same : all;
    }

    /// <summary>
    /// Which <see cref="PaperTargets"/> benchmark a result label compares with: the stream the run recorded for it
    /// ("v2-table/shapes" → "shapes", "generative-replay" → "split-mnist"); a result without that record compares
    /// the label as it is.
    /// </summary>
    private static (string Key, Scenario? Scenario) TargetKey(RunResult result, string label) =>
        result.Labels.FirstOrDefault(b => b.Label == label) is { } known ? (known.Stream, known.Scenario) : (label, null);

    private static double[] Steps(int n) => Enumerable.Range(1, n).Select(i => (double)i).ToArray();

    private static double[]? Errors(MeanSem[] stats) => stats.All(s => s.Count < 2) ? null : stats.Select(s => s.Sem).ToArray();

    private static ChartSeries MeanCurve(string name, IReadOnlyList<double[]> curves)
    {
        int n = curves.Min(c => c.Length);
        var stats = Enumerable.Range(0, n).Select(t => MeanSem.Of(curves.Select(c => c[t]))).ToArray();
        return new ChartSeries(name, Steps(n), stats.Select(s => s.Mean).ToArray()) { Error = Errors(stats) };
    }

    private static DataFrame TableOf(RunResult result, string name) =>
        Experiments.Tables.ToDataFrame(result.Tables.FirstOrDefault(t => t.Name == name)
            ?? throw new ArgumentException($"Run '{result.Experiment}' has no table '{name}'; tables: {string.Join(", ", result.Tables.Select(t => t.Name))}."));

    private static DataFrameColumn Column(DataFrame frame, string name, string table) =>
        frame.Columns.FirstOrDefault(c => c.Name == name)
        ?? throw new ArgumentException($"Table '{table}' has no column '{name}'; columns: {string.Join(", ", frame.Columns.Select(c => c.Name))}.");

    /// <summary>
    /// <paramref name="y"/> against <paramref name="x"/> of a result table, one curve per value of
    /// <paramref name="group"/> (or one), each point the mean ± SEM of the rows that share its x (the seeds).
    /// </summary>
    private static List<(string? Group, ChartSeries Curve)> Curves(DataFrame frame, string table, string x, string y, string? group)
    {
        var xs = Column(frame, x, table);
        var ys = Column(frame, y, table);
        var groups = group is null ? null : Column(frame, group, table);
        return Enumerable.Range(0, (int)frame.Rows.Count).GroupBy(i => groups is null ? null : Convert.ToString(groups[i], System.Globalization.CultureInfo.InvariantCulture))
            .Select(g =>
            {
                var points = g.GroupBy(i => Convert.ToDouble(xs[i])).OrderBy(p => p.Key)
                    .Select(p => (X: p.Key, Stats: MeanSem.Of(p.Select(i => Convert.ToDouble(ys[i]))))).ToArray();
                var stats = points.Select(p => p.Stats).ToArray();
                return (g.Key, new ChartSeries(g.Key ?? y, points.Select(p => p.X).ToArray(), stats.Select(s => s.Mean).ToArray()) { Error = Errors(stats) });
            }).ToList();
    }
}
