using Dgdmn.Metrics;
using Microsoft.Data.Analysis;

namespace Dgdmn.Reporting;

// The sensitivity and forgetting sweeps (claims C7, C11): ACC and BWT against κ or n_STM, and who is forgotten per κ.
public static partial class Figures
{
    /// <summary>
    /// Sensitivity sweep (claims C7, C11): ACC and BWT against one parameter ("kappa" or "nstm") from the
    /// sensitivity experiment's table "sweep", mean ± SEM over seeds.
    /// </summary>
    /// <param name="result">A run of the sensitivity or forgetting experiment.</param>
    /// <param name="parameter">"kappa" or "nstm".</param>
    public static ChartView Sweep(Experiments.RunResult result, string parameter)
    {
        var data = TableOf(result, "sweep");
        var parameters = (StringDataFrameColumn)Column(data, "parameter", "sweep");
        var selected = data.Filter(parameters.ElementwiseEquals(parameter));
        if (selected.Rows.Count == 0)
            throw new ArgumentException($"Table 'sweep' has no rows for parameter '{parameter}'; it has {string.Join(", ", parameters.Distinct())}.");
        var acc = Curves(selected, "sweep", "value", "acc", null).Single().Curve with { Name = "ACC", Color = "#1f77b4" };
        var bwt = Curves(selected, "sweep", "value", "bwt", null).Single().Curve with { Name = "BWT", Color = "#d62728" };
        var name = parameter == "kappa" ? "κ" : parameter == "nstm" ? "n_STM" : parameter;
        return Charts.Lines($"DGDMN sensitivity to {name}", name, "ACC / BWT", acc, bwt);
    }

    /// <summary>
    /// Claim C7: accuracy on each task i after the last task, R[T][i], one line per value of the sweep's
    /// <paramref name="parameter"/> (mean ± SEM over seeds). Once N_max binds, κ moves the line's right end (the
    /// newest tasks) against its left (the oldest).
    /// </summary>
    /// <param name="result">A run of the sensitivity or forgetting experiment.</param>
    /// <param name="parameter">"kappa" (default) or "nstm".</param>
    public static ChartView FinalAccuracyByTask(Experiments.RunResult result, string parameter = "kappa")
    {
        var label = Label(result, null);
        var all = result.Matrices();
        var prefix = parameter + "=";
        var variants = all.Keys.Where(k => k.Experiment == label && k.Method == "dgdmn" && k.Variant.StartsWith(prefix, StringComparison.Ordinal))
            .Select(k => k.Variant).Distinct()
            .OrderBy(v => double.Parse(v[prefix.Length..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        if (variants.Count == 0)
            throw new ArgumentException($"Run '{result.Experiment}' has no DGDMN units of variant '{prefix}…'.", nameof(parameter));
        var series = variants.Select((variant, index) =>
        {
            var matrices = MatricesOf(result, label, "dgdmn", variant, all);
            int tasks = matrices[0].Tasks;
            var stats = Enumerable.Range(0, tasks).Select(i => MeanSem.Of(matrices.Select(m => m[m.TrainedTasks - 1, i]))).ToArray();
            return new ChartSeries(variant.Replace("kappa", "κ").Replace("nstm", "n_STM"), Steps(tasks), stats.Select(x => x.Mean).ToArray())
                { Error = Errors(stats), Color = Extra[index % Extra.Length] };
        });
        var name = parameter == "kappa" ? "κ" : parameter == "nstm" ? "n_STM" : parameter;
        return Charts.Lines($"Who is forgotten: accuracy on each task after the last, per {name} · {label}", "Task", "Accuracy after the last task", series)
            .WithYRange(-0.02, 1.02).WithSize(900, 560);
    }
}
