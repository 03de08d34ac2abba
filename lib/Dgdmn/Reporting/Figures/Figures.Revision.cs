using Dgdmn.Experiments;
using Microsoft.Data.Analysis;

namespace Dgdmn.Reporting;

// Claim C8: accuracy per task before and after revisiting tasks 1-3, from the revision experiment's table.
public static partial class Figures
{
    /// <summary>
    /// Revision (claim C8): accuracy on every task after the ten tasks, and after revisiting tasks 1–3 with and
    /// without the LTM's reconstructions as extra STTM data, mean ± SEM over seeds, from the revision
    /// experiment's table "revision".
    /// </summary>
    /// <param name="result">A run of the revision experiment.</param>
    public static ChartView Revision(RunResult result)
    {
        var (before, with, without) = RevisionCurves(result);
        var categories = Enumerable.Range(0, before.Y.Count)
            .Select(t => RevisionExperiment.Revisited.Contains(t) ? $"task {t + 1} (revisited)" : $"task {t + 1}").ToArray();
        BarSeries Bars(string name, ChartSeries curve, string color) => new(name, curve.Y) { Error = curve.Error, Color = color };
        // Wide: ten groups of three bars, and a reference adds its caption to the title.
        return Charts.Bars("Revision · per-task accuracy", "Task (1–3 revisited)", "Accuracy", categories,
            Bars("after the ten tasks", before, "#9e9e9e"),
            Bars("revised, with LTM extras", with, "#1f77b4"),
            Bars("revised, without LTM extras", without, "#ff7f0e")).WithSize(900, 480);
    }

    /// <summary>
    /// The numbers of <see cref="Revision(RunResult)"/> as a table: one row per task (1-based), whether it was
    /// revisited, and accuracy after the ten tasks and after each revision, mean and SEM over the run's seeds.
    /// </summary>
    /// <param name="result">A run of the revision experiment.</param>
    public static DataFrame RevisionTable(RunResult result)
    {
        var (before, with, without) = RevisionCurves(result);
        var tasks = Enumerable.Range(0, before.Y.Count).ToArray();
        IEnumerable<double> Sem(ChartSeries c) => c.Error ?? Enumerable.Repeat(double.NaN, c.Y.Count);
        return new DataFrame(
            new Int32DataFrameColumn("task", tasks.Select(t => t + 1)),
            new BooleanDataFrameColumn("revisited", tasks.Select(t => RevisionExperiment.Revisited.Contains(t))),
            new DoubleDataFrameColumn("before_mean", before.Y), new DoubleDataFrameColumn("before_sem", Sem(before)),
            new DoubleDataFrameColumn("with_extras_mean", with.Y), new DoubleDataFrameColumn("with_extras_sem", Sem(with)),
            new DoubleDataFrameColumn("without_extras_mean", without.Y), new DoubleDataFrameColumn("without_extras_sem", Sem(without)),
            new Int32DataFrameColumn("seeds", tasks.Select(_ => result.Seeds.Count)));
    }

    // Per task, mean ± SEM over seeds: accuracy after the ten tasks, after the revision with and without LTM extras.
    private static (ChartSeries Before, ChartSeries With, ChartSeries Without) RevisionCurves(RunResult result)
    {
        var data = TableOf(result, "revision");
        var extras = (DoubleDataFrameColumn)Column(data, "ltm_extras", "revision");
        ChartSeries Curve(double flag, string y) => Curves(data.Filter(extras.ElementwiseEquals(flag)), "revision", "task", y, null).Single().Curve;
        return (Curve(1.0, "before"), Curve(1.0, "after"), Curve(0.0, "after"));
    }
}
