namespace Dgdmn.Data;

/// <summary>
/// Finds the folder holding a dataset's four IDX files, in the order <c>data/README.md</c> documents:
/// explicit folder, then the environment variable (<c>DGDMN_MNIST_DIR</c> / <c>DGDMN_FASHION_MNIST_DIR</c>),
/// then the kit's data cache (<c>&lt;data root&gt;/mnist</c> or <c>/fashion-mnist</c>), then (Fashion-MNIST) the
/// Debian package folder, then a verified download into the cache. An explicit folder or a set environment
/// variable is authoritative: if it lacks a file the lookup fails there rather than quietly using other data.
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

    /// <summary>The locator with the process environment, the repository's data folder and the public mirrors.</summary>
    public static DatasetLocator Default { get; } = new();

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
    /// Resolves the folder holding the four files of <paramref name="kind"/>, downloading into the cache if nothing
    /// is found. Throws <see cref="DirectoryNotFoundException"/> listing every place tried and the fix.
    /// </summary>
    /// <param name="kind">Dataset to find.</param>
    /// <param name="explicitDirectory">Folder given by the caller (<see cref="StreamOptions.DatasetDirectory"/>); beats everything else.</param>
    /// <returns>Full path of the folder.</returns>
    public string Locate(DatasetKind kind, string? explicitDirectory = null)
    {
        var label = kind == DatasetKind.Mnist ? "MNIST" : "Fashion-MNIST";
        var variable = kind == DatasetKind.Mnist ? MnistDirVariable : FashionMnistDirVariable;
        if (!string.IsNullOrWhiteSpace(explicitDirectory))
            return Authoritative(explicitDirectory, $"the explicit dataset folder (StreamOptions.DatasetDirectory)", label);
        if (Environment(variable) is { Length: > 0 } fromEnv)
            return Authoritative(fromEnv, $"{variable}", label);

        var tried = new List<string> { $"StreamOptions.DatasetDirectory: not set", $"{variable}: not set" };
        var cache = Path.GetFullPath(CacheDirectory(kind));
        var cacheProblem = Problem(cache);
        if (cacheProblem is null) return cache;
        tried.Add($"data cache {cache}: {cacheProblem}");

        if (kind == DatasetKind.FashionMnist)
        {
            var system = Path.GetFullPath(FashionMnistSystemDirectory);
            var systemProblem = Problem(system);
            if (systemProblem is null) return system;
            tried.Add($"Debian package folder {system}: {systemProblem}");
        }

        var downloader = kind == DatasetKind.Mnist ? MnistDownloader : FashionMnistDownloader;
        if (Environment(OfflineVariable) is { Length: > 0 } off && off != "0")
            tried.Add($"download: skipped because {OfflineVariable}={off}");
        else if (downloader is null)
            tried.Add("download: disabled for this locator");
        else
        {
            try
            {
                downloader.DownloadMissing(cache);
                if (Problem(cache) is not { } afterDownload) return cache;
                tried.Add($"download into {cache}: finished but {afterDownload}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                tried.Add($"download into {cache}: {e.Message}");
            }
        }

        var fix = $"Fix: set {variable} to a folder holding {FileList()}, or place those files in {cache}";
        fix += kind == DatasetKind.FashionMnist
            ? ", or install the Debian package (sudo apt-get install dataset-fashion-mnist)."
            : $", or allow the download (internet access; {OfflineVariable} unset).";
        throw new DirectoryNotFoundException($"{label} not found. Places tried, in order:\n  - {string.Join("\n  - ", tried)}\n{fix}");
    }

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

    private static string Authoritative(string directory, string source, string label)
    {
        var full = Path.GetFullPath(directory);
        if (Problem(full) is { } problem)
            throw new DirectoryNotFoundException($"{label} folder '{full}' from {source} is unusable: {problem}. "
                + $"Point it at a folder holding {FileList()}, or unset it to use the kit's data cache (see data/README.md).");
        return full;
    }

    /// <summary>Why <paramref name="directory"/> is not a complete dataset folder, or null if it is.</summary>
    private static string? Problem(string directory)
    {
        if (!Directory.Exists(directory)) return "folder does not exist";
        var missing = StandardFiles.Where(f => FindFile(directory, f) is null).ToList();
        return missing.Count == 0 ? null : $"missing {string.Join(", ", missing)} (or its uncompressed form)";
    }

    private static string FileList() => string.Join(", ", StandardFiles.Select(f => f[..^3] + "[.gz]"));
}
