using Dgdmn.Data;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dgdmn.IO;

namespace Dgdmn.Experiments;

/// <summary>
/// Runs an <see cref="ExperimentDefinition"/> over its seeds and returns a <see cref="RunResult"/>. With an
/// output root it also persists: a checkpoint after every task of every unit (resumable with
/// <see cref="RunRequest.Resume"/>), and the finished results keyed by a SHA-256 hash of the full
/// configuration, so rerunning a finished experiment loads it instead of training.
/// </summary>
public sealed class ExperimentRunner
{
    /// <summary>
    /// Part of every configuration hash. Bump it when a change to the training or evaluation code should
    /// invalidate cached results and checkpoints.
    /// </summary>
    public const string CodeVersion = "1";

    /// <summary>
    /// The build of the kit's code: the module version id of the Dgdmn assembly, which a deterministic build
    /// changes whenever its sources change. Cached results are keyed by it besides the settings hash, so a run
    /// after editing the library trains afresh; committed references are checked against settings only.
    /// </summary>
    public static string CodeIdentity { get; } = typeof(ExperimentRunner).Assembly.ManifestModule.ModuleVersionId.ToString("N");

    /// <summary>Sub-folder of an experiment's folder that holds its checkpoints while it runs.</summary>
    public const string CheckpointFolder = "checkpoints";

    private static readonly JsonSerializerOptions HashJson = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly RunnerOptions _options;

    /// <summary>A runner with the given factories and device (default: <see cref="KitFactories"/>, CPU).</summary>
    public ExperimentRunner(RunnerOptions? options = null) => _options = options ?? new RunnerOptions();

    /// <summary>Runs (or loads from cache, or resumes) <paramref name="definition"/>.</summary>
    /// <param name="definition">What to run.</param>
    /// <param name="request">Scale, seeds, method subset, output root, resume.</param>
    /// <param name="progress">Live events; reported synchronously on the running thread.</param>
    /// <param name="cancellationToken">Checked before each task; the last finished task's checkpoint stays.</param>
    /// <exception cref="ArgumentException">Unknown method in the subset, or no seeds.</exception>
    /// <exception cref="InvalidDataException">A checkpoint or cache is damaged or belongs to another configuration.</exception>
    public RunResult Run(ExperimentDefinition definition, RunRequest request, IProgress<RunProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(request);
        definition = definition.WithBenchmarks(request.Benchmarks);
        var methods = SelectMethods(definition, request.Methods);
        var seeds = request.Seeds ?? definition.Seeds;
        if (seeds.Count == 0 || seeds.Distinct().Count() != seeds.Count)
            throw new ArgumentException($"Experiment '{definition.Name}' needs at least one seed and no repeats (got [{string.Join(", ", seeds)}]).");
        var methodConfig = definition.MethodConfigFor(request.Scale);
        methodConfig.Validate();
        definition.Grids?.Validate();
        var hash = ConfigHash(definition, request.Scale, methods, seeds, _options.Device?.ToString() ?? "cpu", request.Dataset);

        if (request.FinishedUnitsOnly) return Harvest(definition, request, methods, seeds);

        string? folder = null;
        FolderLock? folderLock = null;
        if (request.OutputRoot is not null)
        {
            folder = ResultsStore.ExperimentFolder(request.OutputRoot, definition.Name);
            WritableFolder.Ensure(folder);
            folderLock = FolderLock.Acquire(folder, request.WaitForFolder, cancellationToken);
        }
        using (folderLock)
            return RunLocked(definition, request, methods, seeds, methodConfig, hash, folder, progress, cancellationToken);
    }

    private RunResult RunLocked(ExperimentDefinition definition, RunRequest request, IReadOnlyList<string> methods, IReadOnlyList<long> seeds,
        Methods.MethodConfig methodConfig, string hash, string? folder, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        if (folder is not null)
        {
            if (request.UseCache)
            {
                var cached = ResultsStore.TryLoadCache(folder, hash, out var note);
                if (note is not null) progress?.Report(new RunProgress(RunProgressKind.Note, definition.Name, note));
                if (cached is not null)
                {
                    // Say so: a figure from the cache looks like a fresh one, and the user may have expected a run.
                    progress?.Report(new RunProgress(RunProgressKind.Note, definition.Name,
                        $"{definition.Name}: loaded from the results cache in '{folder}' (same settings and the same build of the kit). " +
                        "To train afresh: RunRequest.UseCache = false (in a notebook: p.Request() with { UseCache = false }), or delete that folder."));
                    return cached;
                }
            }
        }

        if (folder is not null && !request.Resume && Directory.Exists(Path.Combine(folder, CheckpointFolder)))
            progress?.Report(new RunProgress(RunProgressKind.Note, definition.Name,
                $"Checkpoints of an interrupted run exist in '{Path.Combine(folder, CheckpointFolder)}'; starting afresh (use --resume to continue them)."));
        var planned = definition.Body is null ? definition.Benchmarks.Count * seeds.Count * methods.Count : 0;
        var context = new ExperimentContext(definition, request, _options, hash, methods, seeds, methodConfig, folder, progress, cancellationToken, planned,
            UnitSettingsHash(definition, request.Scale, _options.Device?.ToString() ?? "cpu", request.Dataset));
        var output = definition.Body is null ? StandardLoop(context) : definition.Body(context);
        var result = new RunResult
        {
            Experiment = definition.Name, Scale = request.Scale, ConfigHash = hash, Seeds = seeds.ToArray(), Methods = methods, Dataset = request.Dataset,
            Benchmarks = request.Benchmarks ?? [], Labels = definition.BenchmarkLabels(), CodeIdentity = CodeIdentity,
            Accuracy = output.Accuracy, Timings = output.Timings, Tables = output.Tables.Select(t => t.Validated()).ToList(),
        };
        if (folder is not null)
        {
            ResultsStore.Save(result, folder);
            var checkpoints = Path.Combine(folder, CheckpointFolder);
            if (Directory.Exists(checkpoints)) Directory.Delete(checkpoints, recursive: true);
        }
        return result;
    }

    /// <summary>
    /// SHA-256 (hex) of everything that determines a run's results: <see cref="CodeVersion"/>, the definition's
    /// name, benchmarks, N_max rule and seeds, the methods, the scale, the resolved method settings and stream
    /// options (source dataset included), the device, and the sweep grids when set.
    /// </summary>
    public static string ConfigHash(ExperimentDefinition definition, Scale scale, IReadOnlyList<string> methods, IReadOnlyList<long> seeds, string device,
        DatasetKind dataset = DatasetKind.Mnist)
    {
        var (head, tail) = SettingsParts(definition, scale, device, dataset);
        return ExperimentContext.Hash([.. head, string.Join(",", methods), scale.ToString(), string.Join(",", seeds), .. tail]);
    }

    /// <summary>
    /// SHA-256 (hex) of what one unit's results depend on: everything in <see cref="ConfigHash"/> except the run's
    /// method list and seed list. Checkpoints are keyed by it (with the unit's method, seed and settings), so a
    /// finished or interrupted unit resumes in any run that contains it, e.g. after splitting a run with --jobs.
    /// </summary>
    public static string UnitSettingsHash(ExperimentDefinition definition, Scale scale, string device, DatasetKind dataset = DatasetKind.Mnist)
    {
        var (head, tail) = SettingsParts(definition, scale, device, dataset);
        return ExperimentContext.Hash([.. head, scale.ToString(), .. tail]);
    }

    // The hashed settings around the run's methods, scale and seeds, in the order the hashes have always used.
    private static (string[] Head, string[] Tail) SettingsParts(ExperimentDefinition definition, Scale scale, string device, DatasetKind dataset)
    {
        var streamOptions = definition.StreamOptionsFor(scale) with { Seed = 0, Device = null, Dataset = dataset };
        return ([CodeVersion, definition.Name, definition.Body is null ? "loop" : "body", string.Join(";", definition.Benchmarks.Select(b => b.ToString()))],
            [CanonicalJson(definition.MethodConfigFor(scale)), CanonicalJson(streamOptions),
             definition.NMaxShareOfTrainSet?.ToString("R", System.Globalization.CultureInfo.InvariantCulture) ?? "-", device,
             .. definition.Grids is { IsSet: true } grids ? [CanonicalJson(grids)] : Array.Empty<string>()]);
    }

    /// <summary>A value as JSON with enums by name (the text hashed for configuration identity).</summary>
    public static string CanonicalJson<T>(T value) => JsonSerializer.Serialize(value, HashJson);

    // RunRequest.FinishedUnitsOnly: read complete checkpoints, train nothing, write nothing.
    private RunResult Harvest(ExperimentDefinition definition, RunRequest request, IReadOnlyList<string> methods, IReadOnlyList<long> seeds)
    {
        if (definition.Body is not null)
            throw new ArgumentException($"Experiment '{definition.Name}' has a custom body; only standard-loop experiments can collect finished units.");
        if (request.OutputRoot is null) throw new ArgumentException("Collecting finished units needs the output root of the run that wrote them.");
        var folder = ResultsStore.ExperimentFolder(request.OutputRoot, definition.Name);
        var device = _options.Device?.ToString() ?? "cpu";
        var context = new ExperimentContext(definition, request, _options, ConfigHash(definition, request.Scale, methods, seeds, device, request.Dataset),
            methods, seeds, definition.MethodConfigFor(request.Scale), folder, null, default, 0, UnitSettingsHash(definition, request.Scale, device, request.Dataset));
        var units = new Dictionary<long, List<UnitResult>>();
        foreach (var unit in context.Units())
            if (context.FinishedUnit(unit.Benchmark, unit.Stream, unit.Method, unit.Seed) is { } finished)
                (units.TryGetValue(unit.Seed, out var list) ? list : units[unit.Seed] = []).Add(finished);
        // Only seeds every method (and benchmark) finished: a result is a full methods × seeds grid.
        var complete = seeds.Where(s => units.TryGetValue(s, out var l) && l.Count == methods.Count * definition.Benchmarks.Count).ToList();
        if (complete.Count == 0)
            throw new InvalidDataException($"No seed of '{definition.Name}' has every method finished in '{Path.Combine(folder, CheckpointFolder)}' yet.");
        return new RunResult
        {
            Experiment = definition.Name, Scale = request.Scale, Seeds = complete, Methods = methods, Dataset = request.Dataset,
            Benchmarks = request.Benchmarks ?? [], Labels = definition.BenchmarkLabels(), CodeIdentity = CodeIdentity,
            ConfigHash = ConfigHash(definition, request.Scale, methods, complete, device, request.Dataset),
            Accuracy = complete.SelectMany(s => units[s].SelectMany(u => u.Accuracy)).ToList(),
            Timings = complete.SelectMany(s => units[s].SelectMany(u => u.Timings)).ToList(),
        };
    }

    private static ExperimentOutput StandardLoop(ExperimentContext context) =>
        ExperimentOutput.Of(context.Units().Select(unit => context.RunUnit(unit)));

    private static IReadOnlyList<string> SelectMethods(ExperimentDefinition definition, IReadOnlyList<string>? requested)
    {
        if (requested is null) return definition.Methods;
        var unknown = requested.Where(m => !definition.Methods.Contains(m)).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"Unknown method(s) {string.Join(", ", unknown)} for experiment '{definition.Name}'; valid: {string.Join(", ", definition.Methods)}.");
        if (requested.Count == 0) throw new ArgumentException($"No methods selected for experiment '{definition.Name}'; valid: {string.Join(", ", definition.Methods)}.");
        return definition.Methods.Where(requested.Contains).ToList();
    }
}
