namespace Dgdmn.Data;

/// <summary>
/// MNIST or Fashion-MNIST loaded from a folder of the four standard IDX files. Loaded once per folder and kept for
/// the process lifetime (<see cref="Load(DatasetKind, string?, DatasetLocator?)"/> caches it), so several streams
/// share one copy; it is immutable and hands out only new tensors.
/// </summary>
public sealed class IdxDataset
{
    private static readonly Dictionary<(DatasetKind, string), IdxDataset> Cache = new();
    private static readonly object Gate = new();

    private static readonly string[] FashionNames =
        { "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot" };

    private IdxDataset(DatasetKind kind, string directory, DatasetSplit train, DatasetSplit test)
    {
        Kind = kind; Directory = directory; Train = train; Test = test;
    }

    /// <summary>Which dataset this is.</summary>
    public DatasetKind Kind { get; }

    /// <summary>Full path of the folder it was read from.</summary>
    public string Directory { get; }

    /// <summary>Training split (60,000 for the full datasets; 8,330 in the kit's MNIST 10k subset).</summary>
    public DatasetSplit Train { get; }

    /// <summary>Test split (10,000 full; 1,670 in the 10k subset).</summary>
    public DatasetSplit Test { get; }

    /// <summary>Human-readable class names: "0".."9" for MNIST, the ten clothing names for Fashion-MNIST.</summary>
    public IReadOnlyList<string> ClassNames => ClassNamesOf(Kind);

    /// <summary>Class names of <paramref name="kind"/> (index = label).</summary>
    public static IReadOnlyList<string> ClassNamesOf(DatasetKind kind) =>
        kind == DatasetKind.FashionMnist ? FashionNames : Enumerable.Range(0, 10).Select(d => d.ToString()).ToArray();

    /// <summary>The dataset <paramref name="options"/> names (its <see cref="StreamOptions.Dataset"/> and <see cref="StreamOptions.DatasetDirectory"/>), cached.</summary>
    public static IdxDataset Load(StreamOptions options) => Load(options.Dataset, options.DatasetDirectory);

    /// <summary>Resolves the folder with <paramref name="locator"/> (default <see cref="DatasetLocator.Default"/>) and returns the cached dataset, reading it on first use.</summary>
    /// <param name="kind">Dataset.</param>
    /// <param name="directory">Explicit folder (beats every other place), or null.</param>
    /// <param name="locator">How to find and fetch the files.</param>
    public static IdxDataset Load(DatasetKind kind, string? directory = null, DatasetLocator? locator = null)
    {
        var folder = (locator ?? DatasetLocator.Default).Locate(kind, directory);
        lock (Gate)
        {
            if (Cache.TryGetValue((kind, folder), out var cached)) return cached;
            var loaded = Read(kind, folder);
            Cache[(kind, folder)] = loaded;
            return loaded;
        }
    }

    /// <summary>Reads the four files of <paramref name="directory"/> without the cache (validating each; see <see cref="IdxReader"/>).</summary>
    public static IdxDataset Read(DatasetKind kind, string directory)
    {
        var full = Path.GetFullPath(directory);
        string Find(string name) => DatasetLocator.FindFile(full, name)
            ?? throw new IdxFormatException(Path.Combine(full, name), $"IDX file '{Path.Combine(full, name)}' (or its uncompressed form) does not exist. "
                + "Put the four standard files in that folder, or see data/README.md for where the kit looks.");
        var files = DatasetLocator.StandardFiles.Select(Find).ToArray();
        var (trainPixels, trainLabels) = IdxReader.ReadPairBytes(files[0], files[1]);
        var (testPixels, testLabels) = IdxReader.ReadPairBytes(files[2], files[3]);
        return new IdxDataset(kind, full, new DatasetSplit(trainPixels, trainLabels), new DatasetSplit(testPixels, testLabels));
    }
}
