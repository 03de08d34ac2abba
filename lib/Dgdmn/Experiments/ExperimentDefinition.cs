using Dgdmn.Data;
using Dgdmn.Methods;

namespace Dgdmn.Experiments;

/// <summary>
/// An experiment as data (spec §6, §7, §9): which benchmarks, which methods, how the method settings and
/// stream options change from the Quick/Paper presets, the seeds, and which paper numbers it is compared
/// against. Without a <see cref="Body"/> it is the standard loop "every benchmark × seed × method: learn
/// each task, evaluate every task"; with one, the body decides what runs (sweeps, robustness curves) and
/// can still use the standard loop per unit through <see cref="ExperimentContext.RunUnit(UnitToRun, Dgdmn.Methods.MethodConfig?, string, Action{Dgdmn.Methods.IContinualMethod}?, Benchmark?)"/>.
/// </summary>
public sealed record ExperimentDefinition
{
    /// <summary>Registry key and command-line name, e.g. "digits".</summary>
    public required string Name { get; init; }

    /// <summary>One or two sentences: what it runs and which claim or figure it reproduces.</summary>
    public required string Description { get; init; }

    /// <summary>Streams and scoring; several give result labels "name/benchmark".</summary>
    public IReadOnlyList<Benchmark> Benchmarks { get; init; } = [];

    /// <summary>Method names, in table order.</summary>
    public IReadOnlyList<string> Methods { get; init; } = [];

    /// <summary>Changes the scale's <see cref="MethodConfig"/> preset for this experiment (default: none).</summary>
    public Func<MethodConfig, Scale, MethodConfig> ConfigureMethods { get; init; } = (config, _) => config;

    /// <summary>Changes the scale's <see cref="StreamOptions"/> preset (caps) for this experiment (default: none).</summary>
    public Func<StreamOptions, Scale, StreamOptions> ConfigureStreams { get; init; } = (options, _) => options;

    /// <summary>
    /// When set, N_max (Memory.NMax) is this share of each stream's total training size, floored (TDigits: 0.5,
    /// spec §3.4 and §4.1: "half of the tier's train size"). Null: leave Memory.NMax as configured.
    /// </summary>
    public double? NMaxShareOfTrainSet { get; init; }

    /// <summary>Seeds run by default (project default: 1..5, spec §1.3).</summary>
    public IReadOnlyList<long> Seeds { get; init; } = [1, 2, 3, 4, 5];

    /// <summary>Benchmark keys of <see cref="PaperTargets"/> this experiment is compared with.</summary>
    public IReadOnlyList<string> TargetBenchmarks { get; init; } = [];

    /// <summary>Value grids of a sweep body (sensitivity, robustness); null, or a null grid: the experiment's own.</summary>
    public SweepGrids? Grids { get; init; }

    /// <summary>A custom body; null runs the standard loop.</summary>
    public ExperimentBody? Body { get; init; }

    /// <summary>The method settings at <paramref name="scale"/>: the preset, then <see cref="ConfigureMethods"/>.</summary>
    public MethodConfig MethodConfigFor(Scale scale) =>
        ConfigureMethods(scale == Scale.Quick ? MethodConfig.Quick : MethodConfig.Paper, scale);

    /// <summary>The stream options at <paramref name="scale"/> (seed left at the preset's; the runner sets it per run).</summary>
    public StreamOptions StreamOptionsFor(Scale scale) =>
        ConfigureStreams(scale == Scale.Quick ? StreamOptions.Quick : StreamOptions.Paper, scale);

    /// <summary>The paper and community numbers this experiment is compared with.</summary>
    public IReadOnlyList<PaperTarget> Targets => PaperTargets.All.Where(t => TargetBenchmarks.Contains(t.Benchmark)).ToList();

    /// <summary>
    /// This experiment restricted to the benchmarks named in <paramref name="names"/> (null: unchanged). Result
    /// labels stay "name/benchmark" when the full experiment has several.
    /// </summary>
    /// <exception cref="ArgumentException">A name is not one of its benchmarks, or none is left.</exception>
    public ExperimentDefinition WithBenchmarks(IReadOnlyList<string>? names)
    {
        if (names is null) return this;
        var unknown = names.Where(n => Benchmarks.All(b => b.Name != n)).ToList();
        if (unknown.Count > 0 || names.Count == 0)
            throw new ArgumentException($"Experiment '{Name}' has no benchmark(s) {string.Join(", ", unknown)}; it has {string.Join(", ", Benchmarks.Select(b => b.Name))}.");
        return this with { Benchmarks = Benchmarks.Where(b => names.Contains(b.Name)).ToList(), KeepsBenchmarkLabels = KeepsBenchmarkLabels || Benchmarks.Count > 1 };
    }

    /// <summary>Whether result labels are "name/benchmark" even with one benchmark (a subset of a multi-benchmark experiment).</summary>
    public bool KeepsBenchmarkLabels { get; init; }

    /// <summary>The label of a benchmark's results: the experiment name, or "name/benchmark" when there are several.</summary>
    public string LabelOf(Benchmark benchmark) => Benchmarks.Count > 1 || KeepsBenchmarkLabels ? $"{Name}/{benchmark.Name}" : Name;

    /// <summary>Every benchmark's result label with its stream and scenario (what <see cref="RunResult.Labels"/> records).</summary>
    public IReadOnlyList<BenchmarkLabel> BenchmarkLabels() => Benchmarks.Select(b => new BenchmarkLabel(LabelOf(b), b.Stream, b.Scenario)).ToList();
}

/// <summary>The body of a custom experiment: runs whatever it needs through the context and returns its results.</summary>
public delegate ExperimentOutput ExperimentBody(ExperimentContext context);

/// <summary>What a custom experiment body returns; the runner adds the configuration and saves it like any run.</summary>
/// <param name="Accuracy">Long-format accuracy entries (may be empty).</param>
/// <param name="Timings">Per-task timings.</param>
/// <param name="Tables">Extra tables.</param>
public sealed record ExperimentOutput(IReadOnlyList<AccuracyRecord> Accuracy, IReadOnlyList<TaskTiming> Timings, IReadOnlyList<ResultTable> Tables)
{
    /// <summary>The accuracy rows and timings of <paramref name="units"/> in order, with extra <paramref name="tables"/>.</summary>
    public static ExperimentOutput Of(IEnumerable<UnitResult> units, params ResultTable[] tables)
    {
        var list = units.ToList();
        return new ExperimentOutput(list.SelectMany(u => u.Accuracy).ToList(), list.SelectMany(u => u.Timings).ToList(), tables);
    }
}
