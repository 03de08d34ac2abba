using System.Globalization;
using Dgdmn.Experiments;
using Dgdmn.Metrics;
using Microsoft.Data.Analysis;

namespace Dgdmn.Reporting;

/// <summary>
/// The paper's figures and tables drawn from a <see cref="RunResult"/>: same axes and series as the paper
/// (spec §6), our curves as mean ± SEM over seeds, and the paper's numbers (<see cref="PaperTargets"/>) beside
/// them as dashed lines of the same colour. Notebooks call one function per figure.
/// </summary>
public static class Figures
{
    private static readonly Dictionary<string, (string Name, string Color)> Methods = new()
    {
        ["nn"] = ("NN", "#1f77b4"), ["dropnn"] = ("DropNN", "#ff7f0e"), ["ewc"] = ("EWC", "#2ca02c"),
        ["ppr"] = ("PPR", "#d62728"), ["er"] = ("ER", "#9467bd"), ["dgr"] = ("DGR", "#8c564b"),
        ["dgdmn"] = ("DGDMN", "#e377c2"), ["joint"] = ("Joint", "#7f7f7f"),
    };

    private static readonly string[] Extra = ["#17becf", "#bcbd22", "#393b79", "#637939", "#8c6d31", "#843c39"];

    /// <summary>The paper's spelling of a method label: "dgdmn" → "DGDMN", "dgdmn kappa=0.1" → "DGDMN kappa=0.1".</summary>
    public static string DisplayName(string method)
    {
        var space = method.IndexOf(' ');
        var head = space < 0 ? method : method[..space];
        return Methods.TryGetValue(head, out var m) ? m.Name + (space < 0 ? "" : method[space..]) : method;
    }

    /// <summary>
    /// Fig. 3: accuracy on each task i (one line per task) after training task t (x "Task", 1-based), mean over
    /// seeds with SEM bars. Flat at 0 before a task is trained unless the method generalises (Permnist) or an
    /// untrained memory answers it by chance.
    /// </summary>
    /// <param name="result">A run with accuracy matrices.</param>
    /// <param name="method">Method label, e.g. "dgdmn".</param>
    /// <param name="experiment">Experiment label (needed only when the run has several, e.g. "v2-table/digits").</param>
    public static ChartView PerTaskAccuracy(RunResult result, string method, string? experiment = null)
    {
        var label = Label(result, experiment);
        var matrices = MatricesOf(result, label, method);
        int rows = matrices.Min(m => m.TrainedTasks), tasks = matrices[0].Tasks;
        var series = Enumerable.Range(0, tasks).Select(i =>
        {
            var stats = Enumerable.Range(0, rows).Select(t => MeanSem.Of(matrices.Select(m => m[t, i]))).ToArray();
            return new ChartSeries($"T{i + 1}", Steps(rows), stats.Select(s => s.Mean).ToArray()) { Error = Errors(stats) };
        });
        return Charts.Lines($"Fig. 3 · {DisplayName(method)} on {label}: accuracy of each task", "Task", "Accuracy", series).WithYRange(-0.02, 1.02);
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
        var series = CurvesPerMethod(result, label, ContinualMetrics.AverageSoFarCurve, "avg_so_far", paper);
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
        var series = CurvesPerMethod(result, label, m => ContinualMetrics.LastKCurve(m, k), "last10", paper && k == 10);
        return Charts.Lines($"Average accuracy on the last {k} tasks A_{k}(t) · {label}", "Tasks", $"Avg accuracy, last {k} tasks", series).WithYRange(0, 1.02).WithSize(900, 560);
    }

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
        foreach (var method in MethodsOf(result, label))
        {
            var perSeed = result.Timings.Where(t => t.Experiment == label && t.Method == method).GroupBy(t => t.Seed)
                .Select(g => Cumulative(g.OrderBy(t => t.Task).Select(t => t.TrainSeconds))).ToList();
            if (perSeed.Count == 0) continue;
            int n = perSeed.Min(s => s.Length);
            var stats = Enumerable.Range(0, n).Select(t => MeanSem.Of(perSeed.Select(s => s[t]))).ToArray();
            series.Add(new ChartSeries(DisplayName(method), Steps(n), stats.Select(s => s.Mean).ToArray()) { Error = Errors(stats), Color = ColorOf(method, series.Count) });
            if (result.Scale == Scale.Paper) series.AddRange(Reference(result, label, method, "cumulative_seconds"));
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
        List<string> labels = [], methods = [];
        List<double> seconds = [], sleep = [], sleeps = [], samples = [], ratio = [], paperRatio = [];
        foreach (var group in result.Timings.GroupBy(t => (t.Experiment, t.Method)))
        {
            double PerSeed(Func<IEnumerable<TaskTiming>, double> f) => group.GroupBy(t => t.Seed).Select(f).Average();
            labels.Add(group.Key.Experiment); methods.Add(DisplayName(group.Key.Method));
            seconds.Add(PerSeed(s => s.Sum(t => t.TrainSeconds))); sleep.Add(PerSeed(s => s.Sum(t => t.SleepSeconds)));
            sleeps.Add(PerSeed(s => s.Count(t => t.Slept))); samples.Add(PerSeed(s => s.Sum(t => (double)t.Samples)));
            var (key, _) = TargetKey(result, group.Key.Experiment);
            paperRatio.Add(PaperTargets.All.FirstOrDefault(p => p.Benchmark == key && p.Metric == "time_ratio" && p.Method == $"{group.Key.Method}/dgdmn")?.Value ?? double.NaN);
        }
        for (int i = 0; i < labels.Count; i++)
        {
            var dgdmn = Enumerable.Range(0, labels.Count).FirstOrDefault(j => labels[j] == labels[i] && methods[j] == "DGDMN", -1);
            ratio.Add(dgdmn < 0 ? double.NaN : seconds[i] / seconds[dgdmn]);
        }
        return new DataFrame(new StringDataFrameColumn("experiment", labels), new StringDataFrameColumn("method", methods),
            new DoubleDataFrameColumn("train_seconds", seconds), new DoubleDataFrameColumn("sleep_seconds", sleep),
            new DoubleDataFrameColumn("sleeps", sleeps), new DoubleDataFrameColumn("samples", samples),
            new DoubleDataFrameColumn("ratio_to_dgdmn", ratio), new DoubleDataFrameColumn("paper_ratio", paperRatio));
    }

    /// <summary>
    /// §6.1: ACC and BWT per experiment label and method (mean ± SEM over seeds) beside the paper's v2 numbers
    /// (or the first community anchor) and our difference from them; NaN where the paper gives none.
    /// </summary>
    /// <param name="result">A run with complete accuracy matrices.</param>
    public static DataFrame AccBwtTable(RunResult result)
    {
        var rows = result.Summary();
        double Paper(SummaryRow r, string metric) => Targets(result, r.Experiment, r.Method, metric).FirstOrDefault()?.Value ?? double.NaN;
        var paperAcc = rows.Select(r => Paper(r, "acc")).ToArray();
        var paperBwt = rows.Select(r => Paper(r, "bwt")).ToArray();
        return new DataFrame(
            new StringDataFrameColumn("experiment", rows.Select(r => r.Experiment)),
            new StringDataFrameColumn("method", rows.Select(r => DisplayName(r.Method))),
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
        var names = rows.Select(r => DisplayName(r.Method)).ToArray();
        double[] Paper(string metric) => rows.Select(r => Targets(result, label, r.Method, metric).FirstOrDefault()?.Value ?? double.NaN).ToArray();
        return Charts.Bars($"ACC and BWT · {label}", "Method", "ACC / BWT", names,
            new BarSeries("ACC (ours)", rows.Select(r => r.AccMean).ToArray()) { Error = rows.Select(r => r.AccSem).ToArray(), Color = "#1f77b4" },
            new BarSeries("ACC (paper)", Paper("acc")) { Color = "#9ecae1" },
            new BarSeries("BWT (ours)", rows.Select(r => r.BwtMean).ToArray()) { Error = rows.Select(r => r.BwtSem).ToArray(), Color = "#d62728" },
            new BarSeries("BWT (paper)", Paper("bwt")) { Color = "#fcae91" });
    }

    /// <summary>
    /// Every community or paper ACC anchor (spec §9) matched to our ACC: one row per (method, anchor) with the
    /// source, our difference and whether we are within tolerance below it (spec §9.2).
    /// </summary>
    /// <param name="result">A run with complete accuracy matrices.</param>
    public static DataFrame AnchorTable(RunResult result)
    {
        var rows = result.Summary().SelectMany(r => Targets(result, r.Experiment, r.Method, "acc").Select(t => (Row: r, Target: t))).ToList();
        return new DataFrame(
            new StringDataFrameColumn("experiment", rows.Select(x => x.Row.Experiment)),
            new StringDataFrameColumn("method", rows.Select(x => DisplayName(x.Row.Method))),
            new StringDataFrameColumn("scenario", rows.Select(x => x.Target.Scenario)),
            new DoubleDataFrameColumn("acc", rows.Select(x => x.Row.AccMean)), new DoubleDataFrameColumn("acc_sem", rows.Select(x => x.Row.AccSem)),
            new DoubleDataFrameColumn("anchor", rows.Select(x => x.Target.Value)), new DoubleDataFrameColumn("diff", rows.Select(x => x.Row.AccMean - x.Target.Value)),
            new BooleanDataFrameColumn("within_tolerance", rows.Select(x => x.Target.IsMetBy(x.Row.AccMean))),
            new StringDataFrameColumn("source", rows.Select(x => x.Target.Source)));
    }

    /// <summary>The accuracy matrix R[t][i] as a heatmap: one seed's, or the mean over seeds when <paramref name="seed"/> is null.</summary>
    /// <param name="result">A run with accuracy matrices.</param>
    /// <param name="method">Method label.</param>
    /// <param name="seed">A seed of the run, or null for the mean.</param>
    /// <param name="experiment">Experiment label when the run has several.</param>
    public static ChartView AccuracyMatrix(RunResult result, string method, long? seed = null, string? experiment = null)
    {
        var label = Label(result, experiment);
        var all = result.Matrices();
        var matrices = seed is { } s
            ? [all.TryGetValue((label, method, s), out var m) ? m : throw new ArgumentException($"No matrix for '{method}', seed {s} in '{label}'; seeds: {string.Join(", ", result.Seeds)}.")]
            : MatricesOf(result, label, method);
        int rows = matrices.Min(x => x.TrainedTasks), tasks = matrices[0].Tasks;
        var values = new double[rows, tasks];
        for (int t = 0; t < rows; t++)
            for (int i = 0; i < tasks; i++) values[t, i] = matrices.Average(x => x[t, i]);
        var which = seed is { } one ? $"seed {one}" : $"mean of {matrices.Count} seed(s)";
        return Charts.Heatmap(values, $"R[t][i] · {DisplayName(method)} on {label} ({which})");
    }

    /// <summary>
    /// Fig. 6b/c: accuracy under corruption from the robustness experiment's table "noise" (x: Gaussian noise
    /// stdev) or "occlusion" (x: occlusion factor), NN vs the DGM, with the paper's curves dashed.
    /// </summary>
    /// <param name="result">A run of the robustness experiment.</param>
    /// <param name="table">"noise" or "occlusion".</param>
    public static ChartView Robustness(RunResult result, string table)
    {
        var (x, title) = table switch
        {
            "noise" => ("sigma", "Gaussian noise stdev"),
            "occlusion" => ("factor", "Occlusion factor"),
            _ => throw new ArgumentException($"Robustness table '{table}' is not noise or occlusion.", nameof(table)),
        };
        var data = TableOf(result, table);
        var series = new List<ChartSeries>();
        foreach (var (group, curve) in Curves(data, x, "accuracy", "method"))
        {
            var method = group!;   // grouped by the "method" column, so every curve has one
            var name = method == "dgr" ? "DGM (LTM)" : DisplayName(method);
            var color = ColorOf(method, series.Count);
            series.Add(curve with { Name = name, Color = color });
            var refs = PaperTargets.All.Where(p => p.Benchmark == $"robustness-{table}" && p.Method == method && p.X is not null).OrderBy(p => p.X).ToList();
            if (refs.Count > 0)
                series.Add(ChartSeries.Reference($"{name} (paper)", refs.Select(p => p.X!.Value).ToArray(), refs.Select(p => p.Value).ToArray()) with { Color = color });
        }
        return Charts.Lines($"Fig. 6 · accuracy under {table}", title, "Accuracy", series).WithYRange(0, 1.02);
    }

    /// <summary>
    /// Sensitivity sweep (claims C7, C11): ACC and BWT against one parameter ("kappa" or "nstm") from the
    /// sensitivity experiment's table "sweep", mean ± SEM over seeds.
    /// </summary>
    /// <param name="result">A run of the sensitivity experiment.</param>
    /// <param name="parameter">"kappa" or "nstm".</param>
    public static ChartView Sweep(RunResult result, string parameter)
    {
        var data = TableOf(result, "sweep");
        var selected = Where(data, "parameter", parameter);
        if (selected.Rows == 0)
            throw new ArgumentException($"Table 'sweep' has no rows for parameter '{parameter}'; it has {string.Join(", ", Texts(data, "parameter").Distinct())}.");
        var acc = Curves(selected, "value", "acc", null).Single().Curve with { Name = "ACC", Color = "#1f77b4" };
        var bwt = Curves(selected, "value", "bwt", null).Single().Curve with { Name = "BWT", Color = "#d62728" };
        var name = parameter == "kappa" ? "κ" : parameter == "nstm" ? "n_STM" : parameter;
        return Charts.Lines($"DGDMN sensitivity to {name}", name, "ACC / BWT", acc, bwt);
    }

    /// <summary>
    /// Any extra result table as lines: <paramref name="y"/> against <paramref name="x"/>, one line per value of
    /// <paramref name="group"/> (or one line), mean ± SEM over the rows that share x (e.g. seeds).
    /// </summary>
    /// <param name="table">The table (e.g. a routing or sweep table).</param>
    /// <param name="x">Numeric column along x.</param>
    /// <param name="y">Numeric column along y.</param>
    /// <param name="group">Text column that splits lines, or null.</param>
    /// <param name="title">Chart title (default: the table's name).</param>
    public static ChartView TableCurves(ResultTable table, string x, string y, string? group = null, string? title = null) =>
        Charts.Lines(title ?? table.Name, x, y, Curves(table, x, y, group).Select((c, i) => c.Curve with { Color = ColorOf(c.Group, i) }));

    // --- helpers -------------------------------------------------------------------------------------------

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

    private static List<string> MethodsOf(RunResult result, string label) =>
        result.Accuracy.Where(a => a.Experiment == label).Select(a => a.Method)
            .Concat(result.Timings.Where(t => t.Experiment == label).Select(t => t.Method)).Distinct().ToList();

    private static List<AccuracyMatrix> MatricesOf(RunResult result, string label, string method)
    {
        var found = result.Matrices().Where(m => m.Key.Experiment == label && m.Key.Method == method).OrderBy(m => m.Key.Seed).Select(m => m.Value).ToList();
        return found.Count > 0 ? found
            : throw new ArgumentException($"No accuracy matrix for method '{method}' in '{label}'; methods: {string.Join(", ", MethodsOf(result, label))}.", nameof(method));
    }

    private static List<ChartSeries> CurvesPerMethod(RunResult result, string label, Func<AccuracyMatrix, double[]> curve, string metric, bool paper)
    {
        var series = new List<ChartSeries>();
        var methods = result.Accuracy.Where(a => a.Experiment == label).Select(a => a.Method).Distinct().ToList();
        foreach (var (method, index) in methods.Select((m, i) => (m, i)))
        {
            var curves = MatricesOf(result, label, method).Select(curve).ToList();
            int n = curves.Min(c => c.Length);
            var stats = Enumerable.Range(0, n).Select(t => MeanSem.Of(curves.Select(c => c[t]))).ToArray();
            series.Add(new ChartSeries(DisplayName(method), Steps(n), stats.Select(s => s.Mean).ToArray()) { Error = Errors(stats), Color = ColorOf(method, index) });
            if (paper) series.AddRange(Reference(result, label, method, metric));
        }
        return series;
    }

    private static IEnumerable<ChartSeries> Reference(RunResult result, string label, string method, string metric)
    {
        var refs = Targets(result, label, method, metric).Where(t => t.T is not null).OrderBy(t => t.T).ToList();
        if (refs.Count == 0) yield break;
        yield return ChartSeries.Reference($"{DisplayName(method)} (paper)", refs.Select(t => (double)t.T!.Value).ToArray(), refs.Select(t => t.Value).ToArray())
            with { Color = ColorOf(method, 0) };
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
    /// Which <see cref="PaperTargets"/> benchmark key a result label compares with: the registered benchmark's
    /// stream ("v2-table/shapes" → "shapes", "generative-replay" → "split-mnist"), else the label after its last '/'.
    /// </summary>
    private static (string Key, string? Scenario) TargetKey(RunResult result, string label)
    {
        if (ExperimentRegistry.Find(result.Experiment) is { } definition
            && definition.Benchmarks.FirstOrDefault(b => definition.LabelOf(b) == label) is { } benchmark)
            return (benchmark.Stream, benchmark.Scenario switch
            {
                Scenario.TaskIncremental => "task",
                Scenario.DomainIncremental => "domain",
                _ => "class",
            });
        var slash = label.LastIndexOf('/');
        return (slash < 0 ? label : label[(slash + 1)..], null);
    }

    private static string ColorOf(string? method, int index)
    {
        var head = method is null ? "" : method.Split(' ')[0];
        return method is not null && !method.Contains(' ') && Methods.TryGetValue(head, out var m) ? m.Color : Extra[index % Extra.Length];
    }

    private static double[] Steps(int n) => Enumerable.Range(1, n).Select(i => (double)i).ToArray();

    private static double[]? Errors(MeanSem[] stats) => stats.All(s => s.Count < 2) ? null : stats.Select(s => s.Sem).ToArray();

    private static double[] Cumulative(IEnumerable<double> values)
    {
        double sum = 0;
        return values.Select(v => sum += v).ToArray();
    }

    private static ResultTable TableOf(RunResult result, string name) =>
        result.Tables.FirstOrDefault(t => t.Name == name)
        ?? throw new ArgumentException($"Run '{result.Experiment}' has no table '{name}'; tables: {string.Join(", ", result.Tables.Select(t => t.Name))}.");

    private static IReadOnlyList<double> Numbers(ResultTable table, string column) =>
        table.Columns.FirstOrDefault(c => c.Name == column)?.Numbers
        ?? throw new ArgumentException($"Table '{table.Name}' has no numeric column '{column}'; columns: {string.Join(", ", table.Columns.Select(c => c.Name))}.");

    private static IReadOnlyList<string> Texts(ResultTable table, string column)
    {
        var c = table.Columns.FirstOrDefault(c => c.Name == column)
            ?? throw new ArgumentException($"Table '{table.Name}' has no column '{column}'; columns: {string.Join(", ", table.Columns.Select(c => c.Name))}.");
        return c.Texts ?? c.Numbers!.Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray();
    }

    private static ResultTable Where(ResultTable table, string column, string value)
    {
        var keep = Texts(table, column).Select((v, i) => (v, i)).Where(x => x.v == value).Select(x => x.i).ToList();
        return new ResultTable(table.Name, table.Columns.Select(c => c.Numbers is not null
            ? ResultColumn.Of(c.Name, keep.Select(i => c.Numbers[i]))
            : ResultColumn.Of(c.Name, keep.Select(i => c.Texts![i]))).ToList());
    }

    private static List<(string? Group, ChartSeries Curve)> Curves(ResultTable table, string x, string y, string? group)
    {
        var xs = Numbers(table, x);
        var ys = Numbers(table, y);
        var groups = group is null ? Enumerable.Repeat<string?>(null, table.Rows).ToList() : Texts(table, group).Select(g => (string?)g).ToList();
        return Enumerable.Range(0, table.Rows).GroupBy(i => groups[i]).Select(g =>
        {
            var points = g.GroupBy(i => xs[i]).OrderBy(p => p.Key).Select(p => (X: p.Key, Stats: MeanSem.Of(p.Select(i => ys[i])))).ToArray();
            var stats = points.Select(p => p.Stats).ToArray();
            return (g.Key, new ChartSeries(g.Key ?? y, points.Select(p => p.X).ToArray(), stats.Select(s => s.Mean).ToArray()) { Error = Errors(stats) });
        }).ToList();
    }
}
