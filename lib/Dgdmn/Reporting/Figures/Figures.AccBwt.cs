using Dgdmn.Experiments;
using Microsoft.Data.Analysis;

namespace Dgdmn.Reporting;

// ACC and BWT (the v2 table, spec §6.1) as tables and bars, and the community anchors (spec §9).
public static partial class Figures
{
    /// <summary>
    /// §6.1: ACC and BWT per experiment label and method (mean ± SEM over seeds) beside the paper's v2 numbers
    /// (or the first community anchor) and our difference from them; NaN where the paper gives none.
    /// </summary>
    /// <param name="result">A run with complete accuracy matrices.</param>
    public static DataFrame AccBwtTable(RunResult result)
    {
        var rows = result.Summary();
        var paperAcc = rows.Select(r => Paper(result, r.Experiment, r, "acc")).ToArray();
        var paperBwt = rows.Select(r => Paper(result, r.Experiment, r, "bwt")).ToArray();
        return new DataFrame(
            new StringDataFrameColumn("experiment", rows.Select(r => r.Experiment)),
            new StringDataFrameColumn("method", rows.Select(r => DisplayName(r.Method, r.Variant))),
            new DoubleDataFrameColumn("acc", rows.Select(r => r.AccMean)), new DoubleDataFrameColumn("acc_sem", rows.Select(r => r.AccSem)),
            new DoubleDataFrameColumn("paper_acc", paperAcc), new DoubleDataFrameColumn("acc_diff", rows.Select((r, i) => r.AccMean - paperAcc[i])),
            new DoubleDataFrameColumn("bwt", rows.Select(r => r.BwtMean)), new DoubleDataFrameColumn("bwt_sem", rows.Select(r => r.BwtSem)),
            new DoubleDataFrameColumn("paper_bwt", paperBwt), new DoubleDataFrameColumn("bwt_diff", rows.Select((r, i) => r.BwtMean - paperBwt[i])),
            new Int32DataFrameColumn("seeds", rows.Select(r => r.Seeds)));
    }

    /// <summary>§6.1 as bars for one experiment label: ACC and BWT per method (ours with SEM bars), the paper's beside.</summary>
    /// <param name="result">A run with complete accuracy matrices.</param>
    /// <param name="experiment">Experiment label when the run has several.</param>
    public static ChartView AccBwtBars(RunResult result, string? experiment = null)
    {
        var label = Label(result, experiment);
        var rows = result.Summary().Where(r => r.Experiment == label).ToList();
        var names = rows.Select(r => DisplayName(r.Method, r.Variant)).ToArray();
        double[] Papers(string metric) => rows.Select(r => Paper(result, label, r, metric)).ToArray();
        return Charts.Bars($"ACC and BWT · {label}", "Method", "ACC / BWT", names,
            new BarSeries("ACC (ours)", rows.Select(r => r.AccMean).ToArray()) { Error = rows.Select(r => r.AccSem).ToArray(), Color = "#1f77b4" },
            new BarSeries("ACC (paper)", Papers("acc")) { Color = "#9ecae1" },
            new BarSeries("BWT (ours)", rows.Select(r => r.BwtMean).ToArray()) { Error = rows.Select(r => r.BwtSem).ToArray(), Color = "#d62728" },
            new BarSeries("BWT (paper)", Papers("bwt")) { Color = "#fcae91" });
    }

    /// <summary>
    /// Every community or paper ACC anchor (spec §9) matched to our ACC: one row per (method, anchor) with the
    /// source, our difference and whether we are within tolerance below it (spec §9.2).
    /// </summary>
    /// <param name="result">A run with complete accuracy matrices.</param>
    public static DataFrame AnchorTable(RunResult result)
    {
        var rows = result.Summary().Where(r => r.Variant.Length == 0)
            .SelectMany(r => Targets(result, r.Experiment, r.Method, "acc").Select(t => (Row: r, Target: t))).ToList();
        return new DataFrame(
            new StringDataFrameColumn("experiment", rows.Select(x => x.Row.Experiment)),
            new StringDataFrameColumn("method", rows.Select(x => DisplayName(x.Row.Method))),
            new StringDataFrameColumn("scenario", rows.Select(x => x.Target.Scenario.ShortName())),
            new DoubleDataFrameColumn("acc", rows.Select(x => x.Row.AccMean)), new DoubleDataFrameColumn("acc_sem", rows.Select(x => x.Row.AccSem)),
            new DoubleDataFrameColumn("anchor", rows.Select(x => x.Target.Value)), new DoubleDataFrameColumn("diff", rows.Select(x => x.Row.AccMean - x.Target.Value)),
            new BooleanDataFrameColumn("within_tolerance", rows.Select(x => x.Target.IsMetBy(x.Row.AccMean))),
            new StringDataFrameColumn("source", rows.Select(x => x.Target.Source)));
    }

    // The paper's number for a summary row (none for a variant: the paper ran each method as configured).
    private static double Paper(RunResult result, string label, SummaryRow row, string metric) =>
        row.Variant.Length > 0 ? double.NaN : Targets(result, label, row.Method, metric).FirstOrDefault()?.Value ?? double.NaN;
}
