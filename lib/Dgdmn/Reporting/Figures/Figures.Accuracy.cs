using Dgdmn.Experiments;
using Dgdmn.Metrics;

namespace Dgdmn.Reporting;

// Accuracy figures: per-task curves (Fig. 3), A(t) (Figs. 4, 5a), A_k(t) (Fig. 5b) and the matrix R as a heatmap.
public static partial class Figures
{
    /// <summary>
    /// Fig. 3: accuracy on each task i (one line per task) after training task t (x "Task", 1-based), mean over
    /// seeds with SEM bars. Flat at 0 before a task is trained unless the method generalises (Permnist) or an
    /// untrained memory answers it by chance.
    /// </summary>
    /// <param name="result">A run with accuracy matrices.</param>
    /// <param name="method">Method name, e.g. "dgdmn".</param>
    /// <param name="experiment">Experiment label (needed only when the run has several, e.g. "v2-table/digits").</param>
    /// <param name="variant">The method's variant within the run (e.g. "kappa=0.1"), empty for none.</param>
    public static ChartView PerTaskAccuracy(RunResult result, string method, string? experiment = null, string variant = "")
    {
        var label = Label(result, experiment);
        var matrices = MatricesOf(result, label, method, variant);
        int rows = matrices.Min(m => m.TrainedTasks), tasks = matrices[0].Tasks;
        var series = Enumerable.Range(0, tasks).Select(i =>
        {
            var stats = Enumerable.Range(0, rows).Select(t => MeanSem.Of(matrices.Select(m => m[t, i]))).ToArray();
            return new ChartSeries($"T{i + 1}", Steps(rows), stats.Select(s => s.Mean).ToArray()) { Error = Errors(stats) };
        });
        return Charts.Lines($"Fig. 3 · {DisplayName(method, variant)} on {label}: accuracy of each task", "Task", "Accuracy", series).WithYRange(-0.02, 1.02);
    }

    /// <summary>
    /// Figs. 4 and 5a: average accuracy over the tasks seen so far, A(t) = mean_{i ≤ t} R[t][i], per method
    /// (mean ± SEM over seeds), with the paper's read-off curve dashed where the spec has one.
    /// </summary>
    /// <param name="result">A run with accuracy matrices.</param>
    /// <param name="experiment">Experiment label when the run has several.</param>
    /// <param name="paper">Draw the paper's numbers (default true).</param>
    public static ChartView AverageSoFar(RunResult result, string? experiment = null, bool paper = true)
    {
        var label = Label(result, experiment);
        var series = CurvesPerUnit(result, label, ContinualMetrics.AverageSoFarCurve, "avg_so_far", paper);
        return Charts.Lines($"Average accuracy so far A(t) · {label}", "Tasks", "Avg task accuracy", series).WithYRange(0, 1.02).WithSize(900, 560);
    }

    /// <summary>Fig. 5b: average accuracy over the last <paramref name="k"/> tasks seen, A_k(t), with the paper's dashed.</summary>
    /// <param name="result">A run with accuracy matrices.</param>
    /// <param name="k">Window (paper: 10).</param>
    /// <param name="experiment">Experiment label when the run has several.</param>
    /// <param name="paper">Draw the paper's numbers (only for k = 10, the paper's window).</param>
    public static ChartView LastK(RunResult result, int k = 10, string? experiment = null, bool paper = true)
    {
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, "k must be at least 1.");
        var label = Label(result, experiment);
        var series = CurvesPerUnit(result, label, m => ContinualMetrics.LastKCurve(m, k), "last10", paper && k == 10);
        return Charts.Lines($"Average accuracy on the last {k} tasks A_{k}(t) · {label}", "Tasks", $"Avg accuracy, last {k} tasks", series).WithYRange(0, 1.02).WithSize(900, 560);
    }

    /// <summary>The accuracy matrix R[t][i] as a heatmap: one seed's, or the mean over seeds when <paramref name="seed"/> is null.</summary>
    /// <param name="result">A run with accuracy matrices.</param>
    /// <param name="method">Method name.</param>
    /// <param name="seed">A seed of the run, or null for the mean.</param>
    /// <param name="experiment">Experiment label when the run has several.</param>
    /// <param name="variant">The method's variant within the run, empty for none.</param>
    public static ChartView AccuracyMatrix(RunResult result, string method, long? seed = null, string? experiment = null, string variant = "")
    {
        var label = Label(result, experiment);
        var matrices = seed is { } s
            ? [result.MatrixOf(new UnitKey(label, method, variant, s)) ?? throw new ArgumentException($"No matrix for '{UnitKey.LabelOf(method, variant)}', seed {s} in '{label}'; seeds: {string.Join(", ", result.Seeds)}.")]
            : MatricesOf(result, label, method, variant);
        int rows = matrices.Min(x => x.TrainedTasks), tasks = matrices[0].Tasks;
        var values = new double[rows, tasks];
        for (int t = 0; t < rows; t++)
            for (int i = 0; i < tasks; i++) values[t, i] = matrices.Average(x => x[t, i]);
        var which = seed is { } one ? $"seed {one}" : $"mean of {matrices.Count} seed(s)";
        return Charts.Heatmap(values, $"R[t][i] · {DisplayName(method, variant)} on {label} ({which})");
    }

    private static List<ChartSeries> CurvesPerUnit(RunResult result, string label, Func<AccuracyMatrix, double[]> curve, string metric, bool paper)
    {
        var series = new List<ChartSeries>();
        var units = result.Accuracy.Where(a => a.Experiment == label).Select(a => a.Unit with { Seed = 0 }).Distinct().ToList();
        var all = result.Matrices();
        foreach (var (unit, index) in units.Select((u, i) => (u, i)))
        {
            var curves = MatricesOf(result, label, unit.Method, unit.Variant, all).Select(curve).ToList();
            series.Add(MeanCurve(DisplayName(unit.Method, unit.Variant), curves) with { Color = ColorOf(unit.Method, unit.Variant, index) });
            if (paper) series.AddRange(Reference(result, label, unit, metric));
        }
        return series;
    }
}
