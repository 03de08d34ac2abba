using Dgdmn.Experiments;
using Dgdmn.Metrics;
using Microsoft.Data.Analysis;

namespace Dgdmn.Reporting;

// Time: cumulative training seconds (Fig. 5c) and the timing summary behind claim C5.
public static partial class Figures
{
    /// <summary>
    /// Fig. 5c: cumulative training wall-clock per method after each task (mean ± SEM over seeds). The paper's
    /// seconds (other hardware, full data) are drawn only for a Paper-scale run; compare ratios with <see cref="TimeTable"/>.
    /// </summary>
    /// <param name="result">A run with timings.</param>
    /// <param name="experiment">Experiment label when the run has several.</param>
    public static ChartView CumulativeTime(RunResult result, string? experiment = null)
    {
        var label = Label(result, experiment);
        var series = new List<ChartSeries>();
        foreach (var unit in UnitsOf(result, label))
        {
            var perSeed = result.Timings.Where(t => t.Experiment == label && t.Unit with { Seed = 0 } == unit).GroupBy(t => t.Seed)
                .Select(g => Cumulative(g.OrderBy(t => t.Task).Select(t => t.TrainSeconds))).ToList();
            if (perSeed.Count == 0) continue;
            series.Add(MeanCurve(DisplayName(unit.Method, unit.Variant), perSeed) with { Color = ColorOf(unit.Method, unit.Variant, series.Count) });
            if (result.Scale == Scale.Paper) series.AddRange(Reference(result, label, unit, "cumulative_seconds"));
        }
        if (series.Count == 0) throw new ArgumentException($"Run '{result.Experiment}' has no timings for '{label}'.");
        return Charts.Lines($"Cumulative training time · {label}", "Task", "Time taken (seconds)", series);
    }

    /// <summary>
    /// Timing summary per method: mean total and sleep seconds, sleeps, samples processed, the ratio to DGDMN's
    /// total, and the paper's DGR/DGDMN ratio where the spec gives one (TDigits: 3.3, claim C5).
    /// </summary>
    /// <param name="result">A run with timings.</param>
    public static DataFrame TimeTable(RunResult result)
    {
        var groups = result.Timings.GroupBy(t => t.Unit with { Seed = 0 }).ToList();
        double PerSeed(IEnumerable<TaskTiming> unit, Func<IEnumerable<TaskTiming>, double> f) => unit.GroupBy(t => t.Seed).Select(f).Average();
        var seconds = groups.Select(g => PerSeed(g, s => s.Sum(t => t.TrainSeconds))).ToArray();
        double Ratio(int i)
        {
            var dgdmn = groups.FindIndex(g => g.Key == new UnitKey(groups[i].Key.Experiment, "dgdmn", "", 0));
            return dgdmn < 0 ? double.NaN : seconds[i] / seconds[dgdmn];
        }
        double PaperRatio(UnitKey unit) => PaperTargets.All.FirstOrDefault(p => p.Benchmark == TargetKey(result, unit.Experiment).Key
            && p.Metric == "time_ratio" && p.Method == $"{unit.Method}/dgdmn")?.Value ?? double.NaN;
        return new DataFrame(
            new StringDataFrameColumn("experiment", groups.Select(g => g.Key.Experiment)),
            new StringDataFrameColumn("method", groups.Select(g => DisplayName(g.Key.Method, g.Key.Variant))),
            new DoubleDataFrameColumn("train_seconds", seconds),
            new DoubleDataFrameColumn("sleep_seconds", groups.Select(g => PerSeed(g, s => s.Sum(t => t.SleepSeconds)))),
            new DoubleDataFrameColumn("sleeps", groups.Select(g => PerSeed(g, s => s.Count(t => t.Slept)))),
            new DoubleDataFrameColumn("samples", groups.Select(g => PerSeed(g, s => s.Sum(t => (double)t.Samples)))),
            new DoubleDataFrameColumn("ratio_to_dgdmn", groups.Select((_, i) => Ratio(i))),
            new DoubleDataFrameColumn("paper_ratio", groups.Select(g => g.Key.Variant.Length == 0 ? PaperRatio(g.Key) : double.NaN)));
    }

    private static double[] Cumulative(IEnumerable<double> values)
    {
        double sum = 0;
        return values.Select(v => sum += v).ToArray();
    }
}
