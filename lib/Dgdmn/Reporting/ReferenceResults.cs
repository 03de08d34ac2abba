using System.Globalization;
using System.Text.Json;
using Dgdmn.Data;
using Dgdmn.Experiments;
using Dgdmn.Metrics;
using Dgdmn.IO;

namespace Dgdmn.Reporting;

/// <summary>Where a committed reference result came from: its configuration and the runs that produced it.</summary>
/// <param name="Experiment">Experiment name.</param>
/// <param name="ConfigHash">Hash of the whole configuration (what the reference test recomputes).</param>
/// <param name="Dataset">Source dataset of the MNIST-based streams.</param>
/// <param name="Runs">One entry per run (process) that produced some of its units.</param>
/// <param name="Note">What differs from the paper's settings, if anything (a reduced size, a subset).</param>
public sealed record ReferenceProvenance(string Experiment, string ConfigHash, DatasetKind Dataset, IReadOnlyList<RunInfo> Runs, string Note = "")
{
    /// <summary>CPU seconds of all runs together.</summary>
    public double CpuSeconds => Runs.Sum(r => r.CpuSeconds);
}

/// <summary>
/// The kit's committed paper-scale results (<c>reference/paper/&lt;experiment&gt;/</c> in the repository):
/// the same files a run writes (accuracy, summary, times, results.json), the figures as PNG and a provenance
/// file. Notebooks show them beside their live quick-scale run; a test keeps them consistent with the code.
/// </summary>
public static class ReferenceResults
{
    /// <summary>Overrides where the reference folder is (default: <c>reference/paper</c> of the repository).</summary>
    public const string RootVariable = "DGDMN_REFERENCE_DIR";

    /// <summary>Provenance file in each experiment's reference folder.</summary>
    public const string ProvenanceFile = "provenance.json";

    /// <summary>Figures folder in each experiment's reference folder.</summary>
    public const string FiguresFolder = "figures";

    /// <summary>
    /// The reference folder: <see cref="RootVariable"/> if set, else <c>reference/paper</c> under the repository
    /// root found by walking up from the current directory (then from the application's folder) to
    /// <c>Directory.Packages.props</c>.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">Neither applies; the message says how to point at the folder.</exception>
    public static string Root()
    {
        if (Environment.GetEnvironmentVariable(RootVariable) is { Length: > 0 } env) return Path.GetFullPath(env);
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Directory.Packages.props")))
                    return Path.Combine(dir.FullName, "reference", "paper");
        throw new DirectoryNotFoundException($"The kit's reference results were not found above '{Directory.GetCurrentDirectory()}'; " +
            $"run inside a clone of the kit or set {RootVariable} to its reference/paper folder.");
    }

    /// <summary>The committed paper-scale result of <paramref name="experiment"/>.</summary>
    /// <exception cref="FileNotFoundException">No reference for it yet; the message names the folder.</exception>
    public static RunResult Load(string experiment) => ResultsStore.LoadJson(Folder(experiment));

    /// <summary>The committed result of <paramref name="experiment"/>, or null when there is none yet.</summary>
    public static RunResult? TryLoad(string experiment) =>
        File.Exists(Path.Combine(Folder(experiment), "results.json")) ? Load(experiment) : null;

    /// <summary>The provenance of <paramref name="experiment"/>'s reference.</summary>
    public static ReferenceProvenance LoadProvenance(string experiment) => LoadProvenanceFrom(Folder(experiment));

    /// <summary>The provenance file in <paramref name="folder"/>.</summary>
    /// <exception cref="InvalidDataException">Missing or not a provenance file.</exception>
    public static ReferenceProvenance LoadProvenanceFrom(string folder)
    {
        var path = Path.Combine(folder, ProvenanceFile);
        try
        {
            return JsonSerializer.Deserialize<ReferenceProvenance>(File.ReadAllText(path), ResultsStore.JsonOptions)
                ?? throw new InvalidDataException($"'{path}' is empty.");
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            throw new InvalidDataException($"'{path}' is not a readable provenance file ({e.Message}).", e);
        }
    }

    /// <summary>Folder of <paramref name="experiment"/> under <see cref="Root"/>.</summary>
    public static string Folder(string experiment) => Path.Combine(Root(), experiment);

    /// <summary>"paper scale, 3 seeds, mean ± SEM" (one seed: "paper scale, 1 seed", no error bars): the caption of a reference figure.</summary>
    public static string Caption(RunResult result) =>
        result.Seeds.Count == 1 ? "paper scale, 1 seed" : $"paper scale, {result.Seeds.Count} seeds, mean ± SEM";

    /// <summary>
    /// Writes <paramref name="result"/> as a reference into <paramref name="folder"/>: the run's files, its
    /// provenance and its figures as PNG (headless Chromium; <paramref name="figures"/> false skips them).
    /// All or nothing: everything is written into a sibling staging folder first, which then replaces
    /// <paramref name="folder"/>, so a failure (no Chromium, disk full) leaves the earlier reference as it was.
    /// </summary>
    public static void Save(RunResult result, ReferenceProvenance provenance, string folder, bool figures = true) =>
        Save(result, provenance, folder, figures ? dir => WritePngFigures(result, dir) : null);

    /// <summary>
    /// <see cref="Save(RunResult, ReferenceProvenance, string, bool)"/> with the figures written by
    /// <paramref name="writeFigures"/> into the (staging) figures folder it is given; null writes none.
    /// </summary>
    public static void Save(RunResult result, ReferenceProvenance provenance, string folder, Action<string>? writeFigures)
    {
        var target = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar);
        var staging = $"{target}.staging-{Environment.ProcessId}";
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        Directory.CreateDirectory(staging);
        try
        {
            ResultsStore.Save(result, staging);
            File.Delete(Path.Combine(staging, ResultsStore.CacheFile));   // a reference is read, never trusted as a cache
            AtomicFile.WriteAllText(Path.Combine(staging, ProvenanceFile), JsonSerializer.Serialize(provenance, ResultsStore.JsonOptions));
            if (writeFigures is not null)
            {
                var dir = Path.Combine(staging, FiguresFolder);
                Directory.CreateDirectory(dir);
                writeFigures(dir);
            }
        }
        catch
        {
            Directory.Delete(staging, recursive: true);
            throw;
        }
        // Swap: the old reference moves aside before the new one takes its name, and is removed only after.
        var previous = $"{target}.previous-{Environment.ProcessId}";
        if (Directory.Exists(target)) Directory.Move(target, previous);
        Directory.Move(staging, target);
        if (Directory.Exists(previous)) Directory.Delete(previous, recursive: true);
    }

    private static void WritePngFigures(RunResult result, string dir)
    {
        foreach (var (name, chart) in FiguresOf(result))
            chart.SavePng(Path.Combine(dir, name + ".png"));
    }

    /// <summary>
    /// The figures of a reference, by file name: A(t) and ACC/BWT per experiment label, per-task accuracy of
    /// DGR and DGDMN, TDigits' last-10 and time curves, robustness curves and sensitivity sweeps, each titled
    /// with <see cref="Caption"/>.
    /// </summary>
    public static IReadOnlyList<(string Name, ChartView Chart)> FiguresOf(RunResult result)
    {
        var caption = Caption(result);
        var list = new List<(string, ChartView)>();
        // Robustness scores one trained DGM under corruption: its accuracy rows are a single task, no A(t) to draw.
        var robustness = result.Tables.Any(t => t.Name is "noise" or "occlusion");
        var labels = robustness ? [] : result.Accuracy.Select(a => a.Experiment).Distinct().ToList();
        foreach (var label in labels)
        {
            var suffix = labels.Count > 1 || label != result.Experiment ? "-" + FileSafe(label.Contains('/') ? label[(label.IndexOf('/') + 1)..] : label) : "";
            list.Add(("average-so-far" + suffix, Figures.AverageSoFar(result, label)));
            list.Add(("acc-bwt" + suffix, Figures.AccBwtBars(result, label)));
            // Per-task curves of the methods as configured; a sweep's variants are drawn by its own figures.
            foreach (var method in new[] { "dgr", "dgdmn" }.Where(m => result.Accuracy.Any(a => a.Experiment == label && a.Method == m && a.Variant.Length == 0)))
                list.Add(($"per-task-{method}{suffix}", Figures.PerTaskAccuracy(result, method, label)));
        }
        if (result.Experiment == "tdigits")
        {
            list.Add(("last10", Figures.LastK(result, 10)));
            list.Add(("cumulative-time", Figures.CumulativeTime(result)));
        }
        foreach (var table in result.Tables.Select(t => t.Name))
        {
            if (table is "noise" or "occlusion") list.Add(("robustness-" + table, Figures.Robustness(result, table)));
            if (table == "revision") list.Add(("revision", Figures.Revision(result)));
            if (table == "sweep")
            {
                var swept = result.Tables.Single(t => t.Name == "sweep").Columns.Single(c => c.Name == "parameter").Texts!.ToHashSet();
                foreach (var parameter in new[] { "kappa", "nstm" }.Where(swept.Contains))
                    list.Add(("sweep-" + parameter, Figures.Sweep(result, parameter)));
                if (swept.Contains("kappa")) list.Add(("final-by-task-kappa", Figures.FinalAccuracyByTask(result, "kappa")));
            }
        }
        return list.Select(f => (f.Item1, f.Item2.WithTitle($"{f.Item2.Title} · {caption}"))).ToList();
    }

    /// <summary>
    /// What is wrong with the reference in <paramref name="folder"/> against the current code (empty when
    /// nothing): files missing, summary.csv not what accuracy.csv gives, methods or seeds missing, or a
    /// configuration hash that the current code no longer computes (a stale reference).
    /// </summary>
    /// <param name="folder">An experiment's reference folder.</param>
    /// <param name="definition">The experiment as the code defines it now.</param>
    /// <param name="minimumSeeds">Seeds every method must have.</param>
    public static IReadOnlyList<string> Problems(string folder, ExperimentDefinition definition, int minimumSeeds)
    {
        var problems = new List<string>();
        var name = definition.Name;
        foreach (var file in new[] { "accuracy.csv", "summary.csv", "times.csv", "results.json", ProvenanceFile })
            if (!File.Exists(Path.Combine(folder, file))) problems.Add($"{name}: {file} is missing from '{folder}'.");
        if (problems.Count > 0) return problems;

        var result = ResultsStore.LoadJson(folder);
        var provenance = LoadProvenanceFrom(folder);
        if (result.Scale != Scale.Paper) problems.Add($"{name}: the reference ran at {result.Scale} scale, not Paper.");
        var expected = RunParts.ExpectedHash(result, definition);
        if (result.ConfigHash != expected || provenance.ConfigHash != result.ConfigHash)
            problems.Add($"{name}: stale reference: stored configuration hash {result.ConfigHash[..12]}, the current code computes {expected[..12]} " +
                $"for the same methods and seeds; the settings changed since it was made, so rerun it (`run {name} --scale paper`) and replace it.");
        var missing = definition.Methods.Except(RunParts.MethodsOf(result)).ToList();
        if (definition.Body is null && missing.Count > 0) problems.Add($"{name}: method(s) {string.Join(", ", missing)} missing.");
        if (result.Seeds.Count < minimumSeeds) problems.Add($"{name}: {result.Seeds.Count} seed(s), expected at least {minimumSeeds}.");

        // The CSVs must be what the results give: recompute the summary from accuracy.csv and times.csv.
        var fromCsv = new RunResult
        {
            Experiment = result.Experiment, Scale = result.Scale, ConfigHash = result.ConfigHash, Seeds = result.Seeds,
            Accuracy = Tables.ToAccuracyRecords(Tables.LoadAccuracyCsv(Path.Combine(folder, "accuracy.csv"))),
            Timings = Tables.ToTimings(Tables.LoadTimingsCsv(Path.Combine(folder, "times.csv"))),
        };
        if (fromCsv.Accuracy.Count != result.Accuracy.Count) problems.Add($"{name}: accuracy.csv has {fromCsv.Accuracy.Count} rows, results.json {result.Accuracy.Count}.");
        var keys = fromCsv.Accuracy.Select(a => (a.Experiment, a.Method, a.Seed)).Distinct().ToList();
        foreach (var (label, method) in keys.Select(k => (k.Experiment, k.Method)).Distinct())
        {
            var seeds = keys.Where(k => k.Experiment == label && k.Method == method).Select(k => k.Seed).ToHashSet();
            if (!result.Seeds.All(seeds.Contains)) problems.Add($"{name}: {label} {method} lacks seed(s) {string.Join(", ", result.Seeds.Where(s => !seeds.Contains(s)))}.");
        }
        var summary = Tables.LoadSummaryCsv(Path.Combine(folder, "summary.csv"));
        var recomputed = fromCsv.Summary();
        if (summary.Rows.Count != recomputed.Count) problems.Add($"{name}: summary.csv has {summary.Rows.Count} rows; accuracy.csv gives {recomputed.Count}.");
        else
            for (int i = 0; i < recomputed.Count; i++)
            {
                var row = summary.Rows[i];
                var r = recomputed[i];
                double[] stored = [Num(row["acc_mean"]), Num(row["acc_sem"]), Num(row["bwt_mean"]), Num(row["bwt_sem"])];
                double[] again = [r.AccMean, r.AccSem, r.BwtMean, r.BwtSem];
                if ((string)row["method"] != r.Method || (string)row["experiment"] != r.Experiment ||
                    stored.Zip(again).Any(p => !(Math.Abs(p.First - p.Second) <= 1e-9 || (double.IsNaN(p.First) && double.IsNaN(p.Second)))))
                    problems.Add($"{name}: summary.csv row {i + 1} ({row["experiment"]} {row["method"]}) differs from the summary of accuracy.csv.");
            }
        return problems;
    }

    /// <summary>File in <see cref="Root"/> listing each experiment's expected state: experiment, min_seeds, status (done | pending), note.</summary>
    public const string ManifestFile = "manifest.csv";

    /// <summary>One line of the manifest.</summary>
    /// <param name="Experiment">Experiment name.</param>
    /// <param name="MinimumSeeds">Seeds every method must have once done.</param>
    /// <param name="Done">Whether the reference is committed (then it is checked) or still pending.</param>
    /// <param name="Note">Why pending, or what differs from the paper's settings.</param>
    public sealed record ManifestEntry(string Experiment, int MinimumSeeds, bool Done, string Note);

    /// <summary>The manifest of <paramref name="root"/>.</summary>
    /// <exception cref="InvalidDataException">Missing or malformed; the message names the line.</exception>
    public static IReadOnlyList<ManifestEntry> Manifest(string root)
    {
        var path = Path.Combine(root, ManifestFile);
        if (!File.Exists(path)) throw new InvalidDataException($"'{path}' is missing; it lists every experiment's reference state.");
        var entries = new List<ManifestEntry>();
        foreach (var (line, number) in File.ReadLines(path).Select((l, i) => (l, i + 1)).Skip(1).Where(p => p.l.Trim().Length > 0))
        {
            var cells = line.Split(',', 4);
            if (cells.Length != 4 || !int.TryParse(cells[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seeds) || cells[2] is not ("done" or "pending"))
                throw new InvalidDataException($"'{path}' line {number} is not 'experiment,min_seeds,done|pending,note': {line}");
            entries.Add(new ManifestEntry(cells[0], seeds, cells[2] == "done", cells[3].Trim().Trim('"')));
        }
        return entries;
    }

    /// <summary>
    /// Every problem of the reference folder <paramref name="root"/> against the registry and the current code:
    /// an experiment missing from the manifest, a done experiment whose folder is missing or fails
    /// <see cref="Problems"/>, a pending one without a reason.
    /// </summary>
    public static IReadOnlyList<string> Audit(string root)
    {
        var manifest = Manifest(root);
        var problems = new List<string>();
        foreach (var name in ExperimentRegistry.Names.Where(n => manifest.All(m => m.Experiment != n)))
            problems.Add($"{name}: not in {ManifestFile}; add it as done (with its reference folder) or pending (with the reason).");
        foreach (var entry in manifest)
        {
            var definition = ExperimentRegistry.Find(entry.Experiment);
            if (definition is null) { problems.Add($"{entry.Experiment}: in {ManifestFile} but not an experiment of the kit."); continue; }
            if (!entry.Done)
            {
                if (entry.Note.Length == 0) problems.Add($"{entry.Experiment}: pending without a reason in {ManifestFile}.");
                continue;
            }
            var folder = Path.Combine(root, entry.Experiment);
            if (!Directory.Exists(folder)) { problems.Add($"{entry.Experiment}: marked done but '{folder}' does not exist."); continue; }
            problems.AddRange(Problems(folder, definition, entry.MinimumSeeds));
        }
        foreach (var c in PaperComparison(root).Where(c => c.Within == false && c.Reason.Length == 0))
            problems.Add($"{c.Experiment}: {c.Target.Benchmark} {c.Target.Method} {c.Target.Metric} is {c.Verdict} the paper's {c.Target.Value}; " +
                $"add the measured reason to {ReasonsFile}.");
        return problems;
    }

    /// <summary>File in <see cref="Root"/> with one measured reason per paper number the kit misses: benchmark, method, metric, reason.</summary>
    public const string ReasonsFile = "reasons.csv";

    /// <summary>One paper summary number beside the kit's reference.</summary>
    /// <param name="Target">The paper's number.</param>
    /// <param name="Experiment">The kit experiment whose reference gives it.</param>
    /// <param name="Kit">The kit's mean ± SEM, or null while that reference is pending.</param>
    /// <param name="Reason">Why it is outside the tolerance (from <see cref="ReasonsFile"/>), or "".</param>
    public sealed record Comparison(PaperTarget Target, string Experiment, MeanSem? Kit, string Reason)
    {
        /// <summary>Whether the kit's mean is within ± the target's tolerance.</summary>
        public bool? Within => Kit is { } k ? Math.Abs(k.Mean - Target.Value) <= Target.Tolerance + 1e-12 : null;

        /// <summary>"within ±0.05", "above by 0.046", "below by 0.121" or "pending".</summary>
        public string Verdict => Kit is not { } k ? "pending" : Within == true ? $"within ±{Target.Tolerance:0.00}"
            : string.Create(CultureInfo.InvariantCulture, $"{(k.Mean > Target.Value ? "above" : "below")} by {Math.Abs(k.Mean - Target.Value):0.000}");
    }

    /// <summary>
    /// Every summary number of the paper's targets (the v2 ACC/BWT table) beside the kit's paper-scale reference
    /// mean ± SEM: Digits and Permnist from their experiments, Shapes and Hindi from v2-table.
    /// </summary>
    public static IReadOnlyList<Comparison> PaperComparison(string root)
    {
        var reasons = new Dictionary<(string, string, string), string>();
        var reasonsPath = Path.Combine(root, ReasonsFile);
        if (File.Exists(reasonsPath))
            foreach (var line in File.ReadLines(reasonsPath).Skip(1).Where(l => l.Trim().Length > 0))
            {
                var cells = line.Split(',', 4);
                if (cells.Length != 4) throw new InvalidDataException($"'{reasonsPath}' line '{line}' is not 'benchmark,method,metric,reason'.");
                reasons[(cells[0], cells[1], cells[2])] = cells[3].Trim().Trim('"');
            }
        var loaded = new Dictionary<string, RunResult?>();
        var list = new List<Comparison>();
        foreach (var target in PaperTargets.All.Where(t => t.Mark == "summary"))
        {
            var (experiment, label) = target.Benchmark is "digits" or "permnist" ? (target.Benchmark, target.Benchmark) : ("v2-table", $"v2-table/{target.Benchmark}");
            if (!loaded.TryGetValue(experiment, out var result))
                loaded[experiment] = result = File.Exists(Path.Combine(root, experiment, "results.json")) ? ResultsStore.LoadJson(Path.Combine(root, experiment)) : null;
            MeanSem? kit = null;
            if (result?.Summary().FirstOrDefault(r => r.Experiment == label && r.Method == target.Method) is { } row)
                kit = target.Metric == "acc" ? new MeanSem(row.AccMean, row.AccSem, row.Seeds) : new MeanSem(row.BwtMean, row.BwtSem, row.Seeds);
            list.Add(new Comparison(target, experiment, kit, reasons.GetValueOrDefault((target.Benchmark, target.Method, target.Metric), "")));
        }
        return list;
    }

    /// <summary>The paper-vs-kit comparison as the Markdown table the README shows.</summary>
    public static string PaperComparisonMarkdown(string root)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine("| benchmark | method | metric | paper | kit (paper scale, mean ± SEM) | seeds | verdict | measured reason when outside |");
        text.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var c in PaperComparison(root))
        {
            var kit = c.Kit is { } k ? k.ToString(3) : "—";   // one seed prints its mean alone
            var seeds = c.Kit is { } s ? s.Count.ToString(CultureInfo.InvariantCulture) : "—";
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {c.Target.Benchmark} | {Figures.DisplayName(c.Target.Method)} | {c.Target.Metric.ToUpperInvariant()} | {c.Target.Value:0.000} | {kit} | {seeds} | {c.Verdict} | {(c.Within == false ? c.Reason : "")} |"));
        }
        return text.ToString();
    }

    private static double Num(object? value) => value is null ? double.NaN : Convert.ToDouble(value, CultureInfo.InvariantCulture);

    private static string FileSafe(string name) =>
        new(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-').ToArray());
}
