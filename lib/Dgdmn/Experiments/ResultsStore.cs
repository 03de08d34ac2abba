using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dgdmn.IO;

namespace Dgdmn.Experiments;

/// <summary>
/// Saves and loads a <see cref="RunResult"/> in its folder <c>DIR/&lt;experiment&gt;/</c>:
/// <c>accuracy.csv</c>, <c>summary.csv</c>, <c>times.csv</c>, <c>results.json</c>, one CSV per extra table
/// under <c>tables/</c>, and <c>results.cache</c>, a checksummed copy keyed by the configuration hash that lets
/// a rerun load instead of train. Every file is written atomically.
/// </summary>
public static class ResultsStore
{
    /// <summary>File name of the integrity-checked results cache.</summary>
    public const string CacheFile = "results.cache";

    private const string CacheKind = "results";

    /// <summary>JSON settings for results.json: indented, camelCase, enums as names, NaN allowed.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The folder of <paramref name="experiment"/> under an output root.</summary>
    public static string ExperimentFolder(string root, string experiment) => Path.Combine(root, experiment);

    /// <summary>
    /// Writes every result file of <paramref name="result"/> into <paramref name="folder"/> (created if needed), all
    /// or nothing: a failure (a full disk) leaves the folder's previous results whole.
    /// </summary>
    /// <exception cref="IOException">A file could not be written (the message names it); no file in the folder was changed.</exception>
    public static void Save(RunResult result, string folder)
    {
        ArgumentNullException.ThrowIfNull(result);
        var json = ToJson(result);
        var cache = ChecksummedFile.Encode(CacheKind, CacheKey(result.ConfigHash, result.CodeIdentity), Encoding.UTF8.GetBytes(json));
        List<(string, Action<string>)> files =
        [
            (Path.Combine(folder, "accuracy.csv"), t => Tables.WriteCsv(result.AccuracyFrame(), t)),
            (Path.Combine(folder, "summary.csv"), t => Tables.WriteCsv(result.SummaryFrame(), t)),
            (Path.Combine(folder, "times.csv"), t => Tables.WriteCsv(result.TimingsFrame(), t)),
            .. result.Tables.Select(table => (Path.Combine(folder, "tables", table.Name + ".csv"), (Action<string>)(t => Tables.WriteCsv(Tables.ToDataFrame(table), t)))),
            (Path.Combine(folder, "results.json"), t => File.WriteAllText(t, json)),
            // Renamed last: a cache entry exists only once every other file is complete.
            (Path.Combine(folder, CacheFile), t => File.WriteAllBytes(t, cache)),
        ];
        AtomicFile.WriteAll(files);
    }

    /// <summary>
    /// What a cache entry is keyed by: the settings (<paramref name="configHash"/>) and the build of the kit's code
    /// (<paramref name="codeIdentity"/>), so editing the library invalidates cached results while the settings
    /// hash that references are checked against stays the same.
    /// </summary>
    public static string CacheKey(string configHash, string codeIdentity) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(configHash + "\u001f" + codeIdentity)));

    /// <summary>
    /// The cached result of the configuration <paramref name="configHash"/> in <paramref name="folder"/>, or
    /// null with a <paramref name="note"/> saying why not (no cache, or a cache of another configuration).
    /// </summary>
    /// <exception cref="InvalidDataException">The cache file is truncated or corrupted (the message names it and the fix).</exception>
    /// <param name="folder">The experiment's folder.</param>
    /// <param name="configHash">Settings hash of the run about to start.</param>
    /// <param name="note">Why nothing was loaded, or what was.</param>
    /// <param name="codeIdentity">Build of the kit's code (default: this one, <see cref="ExperimentRunner.CodeIdentity"/>).</param>
    public static RunResult? TryLoadCache(string folder, string configHash, out string? note, string? codeIdentity = null)
    {
        var path = Path.Combine(folder, CacheFile);
        if (!File.Exists(path)) { note = null; return null; }
        var key = CacheKey(configHash, codeIdentity ?? ExperimentRunner.CodeIdentity);
        var stored = ChecksummedFile.ReadConfigHash(path, CacheKind);
        if (stored != key)
        {
            var other = FromJson(Encoding.UTF8.GetString(ChecksummedFile.Read(path, CacheKind, null)), path);
            note = other.ConfigHash == configHash
                ? $"Results in '{folder}' were made by another build of the kit's code (same settings); recomputing and replacing them."
                : $"Results in '{folder}' were made by another configuration (hash {other.ConfigHash[..Math.Min(12, other.ConfigHash.Length)]}); recomputing and replacing them.";
            return null;
        }
        var result = FromJson(Encoding.UTF8.GetString(ChecksummedFile.Read(path, CacheKind, key)), path);
        note = $"Loaded cached results from '{folder}' (configuration hash {configHash[..Math.Min(12, configHash.Length)]}, same build); " +
               "set UseCache = false (or delete the folder) to train afresh.";
        return result with { FromCache = true };
    }

    /// <summary>
    /// Loads results.json from <paramref name="folder"/> (for notebooks, <c>show</c> and references). When the folder
    /// also holds <see cref="CacheFile"/> (every folder <see cref="Save"/> wrote), results.json must equal that
    /// checksummed copy, so damage to it is reported; without one (committed references, whose integrity is git's),
    /// only its structure and values are checked (<see cref="FromJson"/>).
    /// </summary>
    /// <exception cref="FileNotFoundException">No results.json.</exception>
    /// <exception cref="InvalidDataException">results.json is not a valid result, or differs from its checksummed copy (the message names the file).</exception>
    public static RunResult LoadJson(string folder)
    {
        var path = Path.Combine(folder, "results.json");
        if (!File.Exists(path)) throw new FileNotFoundException($"'{path}' does not exist. Run the experiment first (Dgdmn.Cli run ... --out DIR).", path);
        var bytes = File.ReadAllBytes(path);
        var cache = Path.Combine(folder, CacheFile);
        if (File.Exists(cache) && !ChecksummedFile.Read(cache, CacheKind, null).AsSpan().SequenceEqual(bytes))
            throw new InvalidDataException($"'{path}' differs from its checksummed copy '{cache}': it was damaged or edited after the run. " +
                "Delete the experiment's folder and rerun it (or delete results.json; the next run with the same settings rewrites it from the cache).");
        return FromJson(Encoding.UTF8.GetString(bytes), path);
    }

    /// <summary>The result as results.json text.</summary>
    public static string ToJson(RunResult result) => JsonSerializer.Serialize(result, JsonOptions);

    /// <summary>
    /// Parses results.json text and checks what JSON cannot: no missing lists or null entries, accuracies in [0, 1]
    /// (or NaN), task indices that form complete matrices; <paramref name="source"/> names the file in errors.
    /// </summary>
    /// <exception cref="InvalidDataException">Not a valid result (the message names <paramref name="source"/>).</exception>
    public static RunResult FromJson(string json, string source = "results.json")
    {
        RunResult result;
        try
        {
            result = JsonSerializer.Deserialize<RunResult>(json, JsonOptions)
                ?? throw new InvalidDataException($"'{source}' holds no result.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{source}' is not a valid results file: {e.Message} Delete it and rerun the experiment.", e);
        }
        if (Problem(result) is { } problem)
            throw new InvalidDataException($"'{source}' is not a valid results file: {problem}. Delete it and rerun the experiment.");
        return result;
    }

    // What is wrong with a parsed result, or null. JSON null can stand where the types promise a value.
    private static string? Problem(RunResult r)
    {
        if (string.IsNullOrEmpty(r.Experiment) || string.IsNullOrEmpty(r.ConfigHash)) return "the experiment name or configuration hash is empty";
        if (r.Seeds is null || r.Methods is null || r.Benchmarks is null || r.Labels is null || r.Accuracy is null || r.Timings is null || r.Tables is null
            || r.CodeIdentity is null || r.CodeVersion is null)
            return "a list or field is null";
        if (r.Methods.Any(m => m is null) || r.Benchmarks.Any(b => b is null) || r.Labels.Any(l => l is null || l.Label is null || l.Stream is null))
            return "a method, benchmark or label entry is null";
        if (r.Accuracy.Any(a => a is null || a.Experiment is null || a.Method is null || a.Variant is null))
            return "an accuracy entry is null or lacks its experiment, method or variant";
        if (r.Accuracy.FirstOrDefault(a => a.AfterTask < 0 || a.Task < 0 || (!double.IsNaN(a.Accuracy) && a.Accuracy is < 0 or > 1)) is { } bad)
            return $"accuracy entry (after_task {bad.AfterTask}, task {bad.Task}, accuracy {bad.Accuracy}) is out of range";
        if (r.Timings.Any(t => t is null || t.Experiment is null || t.Method is null || t.Variant is null)) return "a timing entry is null";
        if (r.Tables.Any(t => t is null || t.Name is null || t.Columns is null || t.Columns.Any(c => c is null || c.Name is null)))
            return "a table or column is null";
        try
        {
            foreach (var t in r.Tables) t.Validated();
        }
        catch (ArgumentException e) { return e.Message.TrimEnd('.'); }
        // A unit's matrix needs rows × tasks entries, so neither index can reach its entry count (and a damaged
        // index cannot make Matrices() allocate a huge matrix).
        foreach (var unit in r.Accuracy.GroupBy(a => a.Unit))
        {
            int n = unit.Count();
            if (unit.Any(a => a.AfterTask >= n || a.Task >= n)) return $"the accuracy matrix of {unit.Key.Label} seed {unit.Key.Seed} has indices beyond its {n} entries";
        }
        try
        {
            _ = r.Matrices();
        }
        catch (InvalidDataException e) { return e.Message.TrimEnd('.'); }
        return null;
    }
}
