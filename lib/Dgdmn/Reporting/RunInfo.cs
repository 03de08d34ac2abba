using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dgdmn.Data;
using static TorchSharp.torch;
using Dgdmn.Experiments;
using Dgdmn.IO;

namespace Dgdmn.Reporting;

/// <summary>
/// Where a result came from: the code (commit), the exact command, the machine, when, what it cost (CPU and
/// wall seconds, peak memory) and the dataset files it read (SHA-256). <c>run</c> writes one per experiment
/// folder as <see cref="FileName"/>; committed reference results carry one per run that produced them.
/// </summary>
public sealed record RunInfo
{
    /// <summary>File name inside an experiment's output folder.</summary>
    public const string FileName = "run-info.json";

    /// <summary>The kit's commit (from the assembly's informational version), or "unknown".</summary>
    public required string Commit { get; init; }

    /// <summary>The command as typed (program and arguments).</summary>
    public required string Command { get; init; }

    /// <summary>UTC start of the run.</summary>
    public required DateTimeOffset Started { get; init; }

    /// <summary>UTC end of the run.</summary>
    public required DateTimeOffset Finished { get; init; }

    /// <summary>Wall-clock seconds.</summary>
    public required double WallSeconds { get; init; }

    /// <summary>CPU seconds of the process (user + system) spent on this run.</summary>
    public required double CpuSeconds { get; init; }

    /// <summary>Peak resident memory of the process in bytes (high-water mark; 0 when unknown).</summary>
    public long PeakRssBytes { get; init; }

    /// <summary>CPU model, cores, memory, OS, .NET and TorchSharp versions, intra-op threads.</summary>
    public required string Machine { get; init; }

    /// <summary>Dataset name.</summary>
    public string Dataset { get; init; } = "";

    /// <summary>File name → SHA-256 of the dataset files read (empty for drawn streams such as Shapes).</summary>
    public IReadOnlyDictionary<string, string> DatasetSha256 { get; init; } = new Dictionary<string, string>();

    /// <summary>How the figures were measured ("kit" when the run recorded itself, "gnu-time" when read from <c>/usr/bin/time -v</c>).</summary>
    public string Source { get; init; } = "kit";

    /// <summary>The info of a run that started at <paramref name="started"/> with <paramref name="cpuAtStart"/> CPU time used by then.</summary>
    public static RunInfo Capture(DateTimeOffset started, TimeSpan cpuAtStart, DatasetKind? dataset)
    {
        var process = Process.GetCurrentProcess();
        var finished = DateTimeOffset.UtcNow;
        return new RunInfo
        {
            Commit = Commit_(), Command = string.Join(' ', Environment.GetCommandLineArgs().Select(Quote)),
            Started = started, Finished = finished, WallSeconds = (finished - started).TotalSeconds,
            CpuSeconds = (process.TotalProcessorTime - cpuAtStart).TotalSeconds, PeakRssBytes = PeakRss(),
            Machine = MachineText(), Dataset = dataset?.ToString() ?? "", DatasetSha256 = dataset is { } d ? TryChecksums(d) : new Dictionary<string, string>(),
        };
    }

    // Provenance must never fail a finished run: streams from other factories (tests) may read no dataset at all.
    private static IReadOnlyDictionary<string, string> TryChecksums(DatasetKind kind)
    {
        try { return DatasetChecksums(kind); }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or InvalidOperationException) { return new Dictionary<string, string>(); }
    }

    /// <summary>
    /// The info of a run that was wrapped in GNU <c>/usr/bin/time -v</c>: command, CPU (user + system), wall and
    /// peak RSS read from <paramref name="log"/>; start and end from the log's first and last timestamped lines
    /// (<c>HH:mm:ss</c> on <paramref name="day"/>); commit, machine and dataset given by the caller.
    /// </summary>
    /// <exception cref="InvalidDataException">The log has no GNU time report.</exception>
    public static RunInfo FromGnuTime(string log, DateOnly day, string commit, DatasetKind? dataset)
    {
        var text = File.ReadAllText(log);
        string Field(string name) => Regex.Match(text, @"^\s*" + Regex.Escape(name) + @":\s*(.+)$", RegexOptions.Multiline) is { Success: true } m
            ? m.Groups[1].Value.Trim()
            : throw new InvalidDataException($"'{log}' has no '{name}' line; it must end with the report of /usr/bin/time -v.");
        double user = double.Parse(Field("User time (seconds)"), CultureInfo.InvariantCulture);
        double system = double.Parse(Field("System time (seconds)"), CultureInfo.InvariantCulture);
        var wall = Field("Elapsed (wall clock) time (h:mm:ss or m:ss)").Split(':').Select(p => double.Parse(p, CultureInfo.InvariantCulture)).Reverse().ToArray();
        double wallSeconds = wall[0] + (wall.Length > 1 ? 60 * wall[1] : 0) + (wall.Length > 2 ? 3600 * wall[2] : 0);
        long rssKb = long.Parse(Field("Maximum resident set size (kbytes)"), CultureInfo.InvariantCulture);
        var stamps = Regex.Matches(text, @"^(\d\d:\d\d:\d\d) ", RegexOptions.Multiline).Select(m => TimeOnly.ParseExact(m.Groups[1].Value, "HH:mm:ss", CultureInfo.InvariantCulture)).ToList();
        var finished = stamps.Count > 0 ? new DateTimeOffset(day.ToDateTime(stamps[^1]), TimeSpan.Zero) : new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return new RunInfo
        {
            Commit = commit, Command = Field("Command being timed").Trim('"'), Started = finished - TimeSpan.FromSeconds(wallSeconds), Finished = finished,
            WallSeconds = wallSeconds, CpuSeconds = user + system, PeakRssBytes = rssKb * 1024, Machine = MachineText(),
            Dataset = dataset?.ToString() ?? "", DatasetSha256 = dataset is { } d ? DatasetChecksums(d) : new Dictionary<string, string>(), Source = "gnu-time",
        };
    }

    /// <summary>SHA-256 of each of the four IDX files of <paramref name="kind"/> where the kit finds them now.</summary>
    public static IReadOnlyDictionary<string, string> DatasetChecksums(DatasetKind kind)
    {
        // Only where the files already are: provenance never downloads.
        var folder = (DatasetLocator.Default with { MnistDownloader = null, FashionMnistDownloader = null, MnistNpmSource = null }).Locate(kind);
        var sums = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in DatasetLocator.StandardFiles)
        {
            var path = DatasetLocator.FindFile(folder, name) ?? throw new FileNotFoundException($"'{folder}' lacks {name}.");
            using var stream = File.OpenRead(path);
            sums[Path.GetFileName(path)] = Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        return sums;
    }

    /// <summary>Writes the info as indented JSON to <paramref name="path"/> atomically.</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, ResultsStore.JsonOptions));

    /// <summary>Reads what <see cref="Save"/> wrote.</summary>
    /// <exception cref="InvalidDataException">Not a run-info file; the message names it.</exception>
    public static RunInfo Load(string path)
    {
        try { return JsonSerializer.Deserialize<RunInfo>(File.ReadAllText(path), ResultsStore.JsonOptions) ?? throw new JsonException("empty"); }
        catch (JsonException e) { throw new InvalidDataException($"'{path}' is not a run-info file ({e.Message}); delete it or rerun the experiment.", e); }
    }

    private static string Commit_()
    {
        var version = typeof(RunInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "";
        var plus = version.IndexOf('+');
        return plus >= 0 ? version[(plus + 1)..] : "unknown";
    }

    private static string MachineText()
    {
        string cpu = "unknown CPU";
        try
        {
            if (File.Exists("/proc/cpuinfo"))
                cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu;
        }
        catch (IOException) { }
        double gib = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (double)(1L << 30);
        return string.Create(CultureInfo.InvariantCulture,
            $"{cpu}; {Environment.ProcessorCount} cores; {gib:F0} GiB; {RuntimeInformation.OSDescription}; {RuntimeInformation.FrameworkDescription}; " +
            $"TorchSharp {typeof(TorchSharp.torch).Assembly.GetName().Version}; {get_num_threads()} intra-op thread(s)");
    }

    private static long PeakRss()
    {
        try
        {
            var line = File.Exists("/proc/self/status") ? File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)) : null;
            return line is null ? 0 : long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException) { return 0; }
    }

    private static string Quote(string arg) => arg.Contains(' ') ? $"\"{arg}\"" : arg;
}
