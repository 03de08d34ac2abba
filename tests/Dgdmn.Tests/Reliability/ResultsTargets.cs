using System.Text;
using Dgdmn.Experiments;
using Dgdmn.IO;

namespace Dgdmn.Tests.Reliability;

/// <summary>
/// Fuzz targets of <see cref="ResultsStore"/>: the checksummed cache (<see cref="ResultsStore.TryLoadCache"/>, inner
/// layer the JSON re-checksummed) and results.json (<see cref="ResultsStore.LoadJson"/>) with and without the cache
/// beside it. A small two-seed, two-task result with one extra table.
/// </summary>
public static class ResultsTargets
{
    private const string Code = "fuzz-build";

    /// <summary>The clear error: an <see cref="InvalidDataException"/> naming the file.</summary>
    public static bool IsClearError(Exception e, string path) => e is InvalidDataException && e.Message.Contains(path, StringComparison.Ordinal);

    /// <summary>The result the files hold.</summary>
    public static RunResult Sample() => new()
    {
        Experiment = "fuzz", Scale = Scale.Quick, ConfigHash = "c0ffee15c0ffee15c0ffee15c0ffee15c0ffee15c0ffee15c0ffee15c0ffee15", Seeds = [1, 2],
        Methods = ["nn"], CodeIdentity = Code,
        Accuracy = [.. from seed in new long[] { 1, 2 } from t in Enumerable.Range(0, 2) from i in Enumerable.Range(0, 2)
                      select new AccuracyRecord("fuzz", "nn", seed, t, i, (1.0 + seed + t * 2 + i) / 7.0)],
        Timings = [new TaskTiming("fuzz", "nn", 1, 0, 1.0 / 3, 0, false, 6, 1000), new TaskTiming("fuzz", "nn", 1, 1, 0.25, 0.125, true, 31, 4096)],
        Tables = [new ResultTable("curve", [ResultColumn.Of("x", [0.0, 0.5]), ResultColumn.Of("name", ["a", "b"])])],
    };

    /// <summary>results.cache, read as a rerun reads it.</summary>
    public static FuzzTarget Cache()
    {
        var result = Sample();
        var json = ResultsStore.ToJson(result);
        var key = ResultsStore.CacheKey(result.ConfigHash, Code);
        bool Read(string path)
        {
            var loaded = ResultsStore.TryLoadCache(Path.GetDirectoryName(path)!, result.ConfigHash, out var note, Code)
                ?? throw new FuzzDeclinedException(note ?? "no cache");
            return ResultsStore.ToJson(loaded with { FromCache = false }) == json;
        }
        byte[] Wrap(byte[] payload) => CheckpointTargets.Checksummed("results", key, payload);
        var payload = Encoding.UTF8.GetBytes(json);
        return new FuzzTarget("results.cache", ResultsStore.CacheFile, Wrap(payload), Read, IsClearError, Checksummed: true,
            Fields: CheckpointTargets.ContainerFields("results", key), Inner: new InnerLayer(payload, [], Wrap));
    }

    /// <summary>results.json as notebooks and <c>show</c> read it, with (checked against it) or without results.cache beside it.</summary>
    /// <param name="withCache">Whether the folder holds the checksummed copy.</param>
    public static FuzzTarget Json(bool withCache)
    {
        using var folder = new TempFolder("dgdmn-fuzz-json-");
        ResultsStore.Save(Sample(), folder.Path);
        var json = File.ReadAllBytes(folder.File("results.json"));
        var companions = withCache ? new Dictionary<string, byte[]> { [ResultsStore.CacheFile] = File.ReadAllBytes(folder.File(ResultsStore.CacheFile)) } : [];
        var text = Encoding.UTF8.GetString(json);
        bool Read(string path) => ResultsStore.ToJson(ResultsStore.LoadJson(Path.GetDirectoryName(path)!)) == text;
        return new FuzzTarget($"results.json ({(withCache ? "with" : "without")} results.cache)", "results.json", json, Read, IsClearError,
            Checksummed: withCache, Fields: []) { Companions = companions };
    }
}
