using System.Text.Json.Serialization;
using Dgdmn.Data;
using Dgdmn.Metrics;
using Microsoft.Data.Analysis;

namespace Dgdmn.Experiments;

/// <summary>
/// Everything one experiment run produced: accuracy matrices in long format (one row per R entry, every seed),
/// per-task timings and any extra tables, with the configuration hash that identifies the run. Converts to
/// DataFrames and summaries; <see cref="ResultsStore"/> saves and loads it.
/// </summary>
public sealed record RunResult
{
    /// <summary>Experiment name (registry key).</summary>
    public required string Experiment { get; init; }

    /// <summary>Scale it ran at.</summary>
    public required Scale Scale { get; init; }

    /// <summary>SHA-256 (hex) of the full configuration; equal hashes mean the same run (see <see cref="ExperimentRunner.CodeVersion"/>).</summary>
    public required string ConfigHash { get; init; }

    /// <summary>Seeds run, in order.</summary>
    public required IReadOnlyList<long> Seeds { get; init; }

    /// <summary>Methods run, in table order (part of <see cref="ConfigHash"/>; empty in results saved before it was recorded).</summary>
    public IReadOnlyList<string> Methods { get; init; } = [];

    /// <summary>The subset of the definition's benchmarks that ran (part of <see cref="ConfigHash"/>); empty: all.</summary>
    public IReadOnlyList<string> Benchmarks { get; init; } = [];

    /// <summary>Stream and scenario behind each result label (empty in results saved before it was recorded).</summary>
    public IReadOnlyList<BenchmarkLabel> Labels { get; init; } = [];

    /// <summary>Source dataset of the MNIST-based streams (part of <see cref="ConfigHash"/>).</summary>
    public DatasetKind Dataset { get; init; } = DatasetKind.Mnist;

    /// <summary>Long-format accuracy entries R[after_task, task] per experiment label, method and seed.</summary>
    public IReadOnlyList<AccuracyRecord> Accuracy { get; init; } = [];

    /// <summary>One timing per Learn call.</summary>
    public IReadOnlyList<TaskTiming> Timings { get; init; } = [];

    /// <summary>Extra tables (robustness curves, sweeps, routing accuracy).</summary>
    public IReadOnlyList<ResultTable> Tables { get; init; } = [];

    /// <summary>Build of the kit's code that made the run (<see cref="ExperimentRunner.CodeIdentity"/>); part of the cache key, not of <see cref="ConfigHash"/>.</summary>
    public string CodeIdentity { get; init; } = "";

    /// <summary>Code version constant the run was made with.</summary>
    public string CodeVersion { get; init; } = ExperimentRunner.CodeVersion;

    /// <summary>Whether this result was loaded from the cache instead of trained (not saved).</summary>
    [JsonIgnore]
    public bool FromCache { get; init; }

    /// <summary>The accuracy matrix of every unit, rebuilt from <see cref="Accuracy"/>, in order of first appearance.</summary>
    /// <exception cref="InvalidDataException">An entry of a matrix is missing or duplicated.</exception>
    public IReadOnlyDictionary<UnitKey, AccuracyMatrix> Matrices() =>
        Accuracy.GroupBy(a => a.Unit).ToDictionary(g => g.Key, g => Build(g.Key, g));

    /// <summary>The matrix of one unit (built from its records only), or null when the run has none.</summary>
    /// <exception cref="InvalidDataException">An entry of the matrix is missing or duplicated.</exception>
    public AccuracyMatrix? MatrixOf(UnitKey unit)
    {
        var records = Accuracy.Where(a => a.Unit == unit).ToList();
        return records.Count == 0 ? null : Build(unit, records);
    }

    private static AccuracyMatrix Build(UnitKey unit, IEnumerable<AccuracyRecord> records)
    {
        var list = records as IReadOnlyCollection<AccuracyRecord> ?? records.ToList();
        int tasks = list.Max(a => a.Task) + 1, rows = list.Max(a => a.AfterTask) + 1;
        var values = new double[rows][];
        for (int t = 0; t < rows; t++) values[t] = Enumerable.Repeat(double.NaN, tasks).ToArray();
        foreach (var a in list)
        {
            if (!double.IsNaN(values[a.AfterTask][a.Task]))
                throw new InvalidDataException($"Duplicate accuracy for {Describe(unit)}: after_task {a.AfterTask}, task {a.Task}.");
            values[a.AfterTask][a.Task] = a.Accuracy;
        }
        for (int t = 0; t < rows; t++)
            for (int i = 0; i < tasks; i++)
                if (double.IsNaN(values[t][i]))
                    throw new InvalidDataException($"Missing accuracy for {Describe(unit)}: after_task {t}, task {i}.");
        return new AccuracyMatrix(values);
    }

    /// <summary>
    /// Per experiment label, method and variant (in order of first appearance): ACC and BWT mean ± SEM over the seeds
    /// whose matrix is complete, and mean total training seconds.
    /// </summary>
    public IReadOnlyList<SummaryRow> Summary()
    {
        var matrices = Matrices();
        var rows = new List<SummaryRow>();
        foreach (var key in matrices.Keys.Select(k => k with { Seed = 0 }).Distinct())
        {
            var complete = matrices.Where(m => m.Key with { Seed = 0 } == key && m.Value.IsComplete).ToList();
            var acc = MeanSem.Of(complete.Select(m => ContinualMetrics.Acc(m.Value)));
            var bwt = MeanSem.Of(complete.Select(m => ContinualMetrics.Bwt(m.Value)));
            var seconds = complete.Select(m => Timings
                    .Where(t => t.Unit == m.Key)
                    .Sum(t => t.TrainSeconds))
                .DefaultIfEmpty(double.NaN).Average();
            rows.Add(new SummaryRow(key.Experiment, key.Method, acc.Mean, acc.Sem, bwt.Mean, bwt.Sem, seconds, complete.Count, key.Variant));
        }
        return rows;
    }

    /// <summary>Long-format accuracy table: experiment, method, seed, after_task, task, accuracy.</summary>
    public DataFrame AccuracyFrame() => Experiments.Tables.ToDataFrame(Accuracy);

    /// <summary>Summary table: experiment, method, acc_mean, acc_sem, bwt_mean, bwt_sem, train_seconds.</summary>
    public DataFrame SummaryFrame() => Experiments.Tables.ToDataFrame(Summary());

    /// <summary>Per-task timing table: experiment, method, seed, task, train_seconds, sleep_seconds, slept, epochs, samples.</summary>
    public DataFrame TimingsFrame() => Experiments.Tables.ToDataFrame(Timings);

    private static string Describe(UnitKey unit) => $"{unit.Experiment} {unit.Label} seed {unit.Seed}";
}
