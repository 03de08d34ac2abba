using System.Security.Cryptography;
using System.Text;
using Dgdmn.Data;
using Dgdmn.Methods;
using Dgdmn.Metrics;
using static TorchSharp.torch;
using Dgdmn.IO;
using Dgdmn.Models;

namespace Dgdmn.Experiments;

/// <summary>
/// What an experiment run works with: its definition, scale, seeds, methods and settings, factories for
/// streams and methods, and <see cref="RunUnit(UnitToRun, Dgdmn.Methods.MethodConfig?, string, Action{Dgdmn.Methods.IContinualMethod}?, Benchmark?)"/>, the standard "learn each task, evaluate every task" loop
/// with checkpoints and progress. The runner builds one per run; custom bodies receive it.
/// </summary>
public sealed class ExperimentContext
{
    private readonly RunnerOptions _options;
    private readonly IProgress<RunProgress>? _progress;
    private readonly bool _resume;
    private readonly DatasetKind _dataset;
    private readonly string _unitSettingsHash;

    internal ExperimentContext(ExperimentDefinition definition, RunRequest request, RunnerOptions options, string configHash,
        IReadOnlyList<string> methods, IReadOnlyList<long> seeds, MethodConfig methodConfig, string? outputFolder,
        IProgress<RunProgress>? progress, CancellationToken cancellationToken, int plannedUnits, string unitSettingsHash)
    {
        _unitSettingsHash = unitSettingsHash;
        Definition = definition; Scale = request.Scale; _options = options; ConfigHash = configHash;
        Methods = methods; Seeds = seeds; MethodConfig = methodConfig; OutputFolder = outputFolder;
        _progress = progress; CancellationToken = cancellationToken; PlannedUnits = plannedUnits; _resume = request.Resume;
        _dataset = request.Dataset;
        Device = options.Device ?? CPU;
    }

    /// <summary>The experiment being run.</summary>
    public ExperimentDefinition Definition { get; }

    /// <summary>Quick or Paper.</summary>
    public Scale Scale { get; }

    /// <summary>Seeds of this run.</summary>
    public IReadOnlyList<long> Seeds { get; }

    /// <summary>Methods of this run (the definition's, or the requested subset).</summary>
    public IReadOnlyList<string> Methods { get; }

    /// <summary>Method settings at this scale, after the definition's changes.</summary>
    public MethodConfig MethodConfig { get; }

    /// <summary>Device for streams and methods.</summary>
    public Device Device { get; }

    /// <summary>Hash of the whole configuration (see <see cref="ExperimentRunner.ConfigHash"/>).</summary>
    public string ConfigHash { get; }

    /// <summary>The experiment's output folder, or null when nothing is persisted.</summary>
    public string? OutputFolder { get; }

    /// <summary>Cancels between tasks (after the last finished task's checkpoint).</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>Units the runner expects (0 when a custom body decides).</summary>
    public int PlannedUnits { get; }

    /// <summary>Units finished so far.</summary>
    public int UnitsDone { get; private set; }

    /// <summary>The stream options of one seed at this scale, on this run's device.</summary>
    public StreamOptions StreamOptions(long seed) => Definition.StreamOptionsFor(Scale) with { Seed = seed, Device = Device, Dataset = _dataset };

    /// <summary>Builds the benchmark's stream for <paramref name="seed"/>; the caller owns (disposes) it.</summary>
    public TaskStream CreateStream(Benchmark benchmark, long seed)
    {
        var options = StreamOptions(seed);
        var stream = _options.Streams(benchmark, options);
        if (options.Tasks is not { } tasks || tasks == stream.Count) return stream;
        try { return stream.FirstTasks(tasks); }
        catch { stream.Dispose(); throw; }
    }

    /// <summary>The method context for one run on <paramref name="stream"/>, with N_max resolved by <see cref="ExperimentDefinition.NMaxShareOfTrainSet"/>.</summary>
    public MethodContext MethodContextFor(TaskStream stream, long seed, MethodConfig? config = null)
    {
        var trainSize = stream.Sum(t => (long)t.TrainCount);
        var c = config ?? MethodConfig;
        if (Definition.NMaxShareOfTrainSet is { } share)
            c = c with { Memory = c.Memory with { NMax = Math.Max(1, (long)Math.Floor(share * trainSize)) } };
        c.Validate();
        return new MethodContext(stream.Classes, seed, Device, c, trainSize);
    }

    /// <summary>An evaluator of <paramref name="stream"/> at the run's evaluation batch size (<see cref="RunnerOptions.EvaluationBatchSize"/>); the caller disposes it.</summary>
    public StreamEvaluator Evaluator(TaskStream stream, Benchmark benchmark) => new(stream, benchmark, _options.EvaluationBatchSize);

    /// <summary>A fresh method for one run on <paramref name="stream"/>; the caller owns (disposes) it.</summary>
    public IContinualMethod CreateMethod(string method, TaskStream stream, long seed, MethodConfig? config = null) =>
        _options.Methods(method, MethodContextFor(stream, seed, config));

    /// <summary>
    /// Every (benchmark, seed) of the run in the standard order, each with its stream: built when the iteration
    /// reaches it and disposed when the iteration moves on (or stops), so one stream is alive at a time.
    /// </summary>
    public IEnumerable<SeedStream> Streams()
    {
        foreach (var benchmark in Definition.Benchmarks)
            foreach (var seed in Seeds)
            {
                using var stream = CreateStream(benchmark, seed);
                yield return new SeedStream(benchmark, seed, stream);
            }
    }

    /// <summary>
    /// Every unit of the run in the standard order (benchmark, seed, method in table order), the units of one
    /// (benchmark, seed) sharing its stream (see <see cref="Streams"/>). Every experiment body iterates these.
    /// </summary>
    public IEnumerable<UnitToRun> Units() =>
        Streams().SelectMany(s => Methods.Select(m => new UnitToRun(s.Benchmark, s.Seed, s.Stream, m)));

    /// <summary><see cref="RunUnit(Benchmark, TaskStream, string, long, MethodConfig?, string, Action{IContinualMethod}?)"/> for one of <see cref="Units"/>.</summary>
    /// <param name="unit">The unit.</param>
    /// <param name="config">Settings for this unit (sweeps); null: <see cref="MethodConfig"/>.</param>
    /// <param name="variant">What this unit changes in the method's settings, empty for none.</param>
    /// <param name="inspect">Called with the trained method after the last task.</param>
    /// <param name="benchmark">Scoring to use instead of the unit's benchmark (e.g. without task ids at test).</param>
    public UnitResult RunUnit(UnitToRun unit, MethodConfig? config = null, string variant = "", Action<IContinualMethod>? inspect = null, Benchmark? benchmark = null) =>
        RunUnit(benchmark ?? unit.Benchmark, unit.Stream, unit.Method, unit.Seed, config, variant, inspect);

    /// <summary>Reports a note to the progress listener.</summary>
    public void Note(string message) => _progress?.Report(new RunProgress(RunProgressKind.Note, Definition.Name, message, UnitsDone: UnitsDone, Units: PlannedUnits));

    /// <summary>
    /// Runs one unit: a fresh <paramref name="method"/> learns every task of <paramref name="stream"/> in order;
    /// after each task (and any sleep it triggers) it is evaluated on every task, and, when the run persists, a
    /// checkpoint is written. With <see cref="RunRequest.Resume"/> it continues from an existing checkpoint.
    /// </summary>
    /// <param name="benchmark">Scoring and the label of the results.</param>
    /// <param name="stream">The benchmark's stream for <paramref name="seed"/> (not disposed here).</param>
    /// <param name="method">Method name for the factory.</param>
    /// <param name="seed">Run seed.</param>
    /// <param name="config">Settings for this unit (sweeps); null: <see cref="MethodConfig"/>.</param>
    /// <param name="variant">What this unit changes in the method's settings (e.g. "kappa=0.025"), empty for none; with <paramref name="method"/> unique within a run.</param>
    /// <param name="inspect">Called with the trained method after the last task, also when it comes from a finished checkpoint.</param>
    public UnitResult RunUnit(Benchmark benchmark, TaskStream stream, string method, long seed, MethodConfig? config = null, string variant = "",
        Action<IContinualMethod>? inspect = null)
    {
        var experiment = Definition.LabelOf(benchmark);
        var label = UnitKey.LabelOf(method, variant);
        var methodContext = MethodContextFor(stream, seed, config);
        var (unitHash, legacyHash, checkpointPath) = UnitFiles(benchmark, stream, method, seed, methodContext.Config, label);

        var rows = new List<double[]>();
        var timings = new List<TaskTiming>();
        byte[]? state = null;
        if (_resume && checkpointPath is not null && File.Exists(checkpointPath))
        {
            var checkpoint = LoadCheckpoint(checkpointPath, unitHash, legacyHash, method, variant);
            rows.AddRange(checkpoint.Rows); timings.AddRange(checkpoint.Timings); state = checkpoint.MethodState;
            Note($"{experiment} {label} seed {seed}: resuming after task {checkpoint.NextTask} of {stream.Count} from '{checkpointPath}'.");
        }

        Report(RunProgressKind.UnitStarted, experiment, $"{experiment} {label} seed {seed}", label, seed, rows.Count, stream.Count);
        // A finished checkpoint trains nothing; with an inspect callback its state is still loaded, so an experiment
        // body (routing scores, revisions) sees the same trained method as in the run that wrote it.
        if (rows.Count < stream.Count || inspect is not null)
        {
            using var m = _options.Methods(method, methodContext);
            if (state is not null)
                try { MethodState.FromBytesAllOrNothing(state, m.Save, m.Load, label); }
                catch (InvalidDataException e)
                {
                    throw new InvalidDataException($"Checkpoint '{checkpointPath}' does not load into {label}: {e.Message} Delete it to start this unit over, or run without --resume.", e);
                }
            if (rows.Count < stream.Count)
            {
                using var evaluator = Evaluator(stream, benchmark);
                var epochs = _progress is null ? null : new ForwardEpochs(this, experiment, label, seed, stream.Count);
                for (int k = rows.Count; k < stream.Count; k++)
                {
                    CancellationToken.ThrowIfCancellationRequested();
                    var report = m.Learn(stream[k], epochs);
                    if (k == stream.Count - 1 && m.EndStream(epochs) is { } end) report = report.Then(end);   // part of the last step (spec §1.4)
                    rows.Add(evaluator.Evaluate(m));
                    timings.Add(new TaskTiming(experiment, method, seed, k, report.Seconds, report.SleepSeconds, report.Slept, report.Epochs, report.SamplesProcessed, variant));
                    if (checkpointPath is not null)
                        Checkpoint.Write(checkpointPath, unitHash, rows, timings, m.Save);
                    Report(RunProgressKind.TaskFinished, experiment,
                        $"{experiment} {label} seed {seed}: task {k + 1}/{stream.Count}, A = {rows[^1].Take(k + 1).Average():F3}", label, seed, k, stream.Count);
                }
            }
            inspect?.Invoke(m);
        }
        UnitsDone++;
        Report(RunProgressKind.UnitFinished, experiment, $"{experiment} {label} seed {seed}: done", label, seed, stream.Count - 1, stream.Count);

        return UnitResult.Of(new UnitKey(experiment, method, variant, seed), rows, timings);
    }

    /// <summary>
    /// The result of a unit whose checkpoint in the output folder is complete (every task learned), or null:
    /// what <see cref="RunRequest.FinishedUnitsOnly"/> collects from a run that is still going or was interrupted.
    /// </summary>
    public UnitResult? FinishedUnit(Benchmark benchmark, TaskStream stream, string method, long seed, MethodConfig? config = null, string variant = "")
    {
        var label = UnitKey.LabelOf(method, variant);
        var (unitHash, legacyHash, path) = UnitFiles(benchmark, stream, method, seed, MethodContextFor(stream, seed, config).Config, label);
        if (path is null || !File.Exists(path)) return null;
        var checkpoint = LoadCheckpoint(path, unitHash, legacyHash, method, variant);
        if (checkpoint.Rows.Count < stream.Count) return null;
        return UnitResult.Of(new UnitKey(Definition.LabelOf(benchmark), method, variant, seed), checkpoint.Rows, checkpoint.Timings);
    }

    // A unit's checkpoint under its own key or the legacy one, its timings named by this unit (files written before
    // variants were kept apart store the whole label as the method).
    private static Checkpoint LoadCheckpoint(string path, string unitHash, string legacyHash, string method, string variant)
    {
        var checkpoint = Checkpoint.Load(path, Checkpoint.StoredHash(path) == legacyHash ? legacyHash : unitHash);
        return checkpoint with { Timings = checkpoint.Timings.Select(t => t with { Method = method, Variant = variant }).ToList() };
    }

    // A unit's checkpoint key, the key of checkpoints written before units were keyed by their own settings (which
    // carried the run's whole configuration hash, so they resume only in the same run), and its file.
    private (string UnitHash, string LegacyHash, string? Path) UnitFiles(Benchmark benchmark, TaskStream stream, string method, long seed, MethodConfig config, string label)
    {
        string[] parts = [benchmark.ToString(), label, method, seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ExperimentRunner.CanonicalJson(config), stream.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        var path = OutputFolder is null ? null
            : System.IO.Path.Combine(OutputFolder, ExperimentRunner.CheckpointFolder, FileSafe($"{benchmark.Name}__{label}__seed{seed}") + ".ckpt");
        return (Hash([_unitSettingsHash, .. parts]), Hash([ConfigHash, .. parts]), path);
    }

    private void Report(RunProgressKind kind, string experiment, string message, string method, long seed, int task, int tasks) =>
        _progress?.Report(new RunProgress(kind, experiment, message, method, seed, task, tasks, UnitsDone, PlannedUnits));

    internal static string Hash(params string[] parts) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\u001f", parts))));

    private static string FileSafe(string name) =>
        new(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());

    private sealed class ForwardEpochs(ExperimentContext context, string experiment, string method, long seed, int tasks) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => context._progress?.Report(new RunProgress(RunProgressKind.Epoch, experiment,
            $"{experiment} {method} seed {seed}: task {value.TaskId + 1}/{tasks} {value.Model} epoch {value.Epoch}/{value.Epochs} loss {value.Loss:F4}",
            method, seed, value.TaskId, tasks, context.UnitsDone, context.PlannedUnits, value));
    }
}

/// <summary>What one unit produced.</summary>
/// <param name="Accuracy">Its accuracy matrix in long format.</param>
/// <param name="Timings">One timing per task.</param>
/// <param name="Matrix">Its accuracy matrix.</param>
public sealed record UnitResult(IReadOnlyList<AccuracyRecord> Accuracy, IReadOnlyList<TaskTiming> Timings, AccuracyMatrix Matrix)
{
    /// <summary>The result of <paramref name="unit"/> from its matrix rows R[t] and its timings.</summary>
    internal static UnitResult Of(UnitKey unit, IReadOnlyList<double[]> rows, IReadOnlyList<TaskTiming> timings)
    {
        var records = new List<AccuracyRecord>();
        for (int t = 0; t < rows.Count; t++)
            for (int i = 0; i < rows[t].Length; i++)
                records.Add(new AccuracyRecord(unit.Experiment, unit.Method, unit.Seed, t, i, rows[t][i], unit.Variant));
        return new UnitResult(records, timings, new AccuracyMatrix(rows));
    }
}

/// <summary>One (benchmark, seed) of a run with its stream (owned by the iteration that made it).</summary>
/// <param name="Benchmark">The benchmark.</param>
/// <param name="Seed">Run seed.</param>
/// <param name="Stream">The benchmark's stream for the seed; valid until the iteration moves on.</param>
public sealed record SeedStream(Benchmark Benchmark, long Seed, TaskStream Stream);

/// <summary>One unit of a run before it runs: a method on the stream of one (benchmark, seed).</summary>
/// <param name="Benchmark">The benchmark.</param>
/// <param name="Seed">Run seed.</param>
/// <param name="Stream">The benchmark's stream for the seed (shared by the units of that seed; not disposed by them).</param>
/// <param name="Method">Method name.</param>
public sealed record UnitToRun(Benchmark Benchmark, long Seed, TaskStream Stream, string Method);
