using Microsoft.Data.Analysis;

namespace Dgdmn.Reporting;

// The sensitivity sweep (claims C7, C11): ACC and BWT against κ or n_STM.
public static partial class Figures
{
    /// <summary>
    /// Sensitivity sweep (claims C7, C11): ACC and BWT against one parameter ("kappa" or "nstm") from the
    /// sensitivity experiment's table "sweep", mean ± SEM over seeds.
    /// </summary>
    /// <param name="result">A run of the sensitivity experiment.</param>
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
}
