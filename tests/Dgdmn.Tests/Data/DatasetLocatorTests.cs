using System.Security.Cryptography;
using Dgdmn.Data;

namespace Dgdmn.Tests.Data;

public sealed class DatasetLocatorTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>A locator that sees only <paramref name="env"/>, finds no repository and never downloads.</summary>
    private DatasetLocator Isolated(Dictionary<string, string>? env = null) => new()
    {
        Environment = name => env is not null && env.TryGetValue(name, out var v) ? v : null,
        SearchStarts = new[] { _dir.Sub("nowhere") },
        UserCacheRoot = Path.Combine(_dir.Path, "home-cache"),
        FashionMnistSystemDirectory = Path.Combine(_dir.Path, "usr-share-fashion"),
        MnistDownloader = null,
        FashionMnistDownloader = null,
        MnistNpmSource = null,
    };

    private string Dataset(params string[] parts)
    {
        var folder = _dir.Sub(parts);
        DataTestSupport.WriteDataset(folder);
        return folder;
    }

    [Fact]
    public void ExplicitFolderBeatsEnvironmentWhichBeatsCache()
    {
        var explicitDir = Dataset("explicit");
        var envDir = Dataset("env");
        Dataset("root", "mnist");
        var env = new Dictionary<string, string> { ["DGDMN_MNIST_DIR"] = envDir, ["DGDMN_DATA_ROOT"] = Path.Combine(_dir.Path, "root") };
        var locator = Isolated(env);
        Assert.Equal(explicitDir, locator.Locate(DatasetKind.Mnist, explicitDir));
        Assert.Equal(envDir, locator.Locate(DatasetKind.Mnist));
        env.Remove("DGDMN_MNIST_DIR");
        Assert.Equal(Path.Combine(_dir.Path, "root", "mnist"), locator.Locate(DatasetKind.Mnist));
    }

    [Fact]
    public void DataRootIsTheRepositoryDataFolderElseTheUserCache()
    {
        var repo = _dir.Sub("repo");
        File.WriteAllText(Path.Combine(repo, "Directory.Packages.props"), "<Project />");
        var deep = _dir.Sub("repo", "tests", "bin", "Debug");
        var inRepo = Isolated() with { SearchStarts = new[] { _dir.Sub("elsewhere"), deep } };
        Assert.Equal(Path.Combine(repo, "data"), inRepo.DataRoot());
        Assert.Equal(Path.Combine(repo, "data", "fashion-mnist"), inRepo.CacheDirectory(DatasetKind.FashionMnist));
        Assert.Equal(Path.Combine(_dir.Path, "home-cache"), Isolated().DataRoot());
        var rooted = Isolated(new() { ["DGDMN_DATA_ROOT"] = Path.Combine(_dir.Path, "r") }) with { SearchStarts = new[] { deep } };
        Assert.Equal(Path.Combine(_dir.Path, "r"), rooted.DataRoot());
    }

    [Fact]
    public void IncompleteExplicitFolderFailsThereInsteadOfFallingBack()
    {
        var explicitDir = Dataset("explicit");
        File.Delete(Path.Combine(explicitDir, "train-labels-idx1-ubyte.gz"));
        var locator = Isolated(new() { ["DGDMN_MNIST_DIR"] = Dataset("env") });
        var e = Assert.Throws<DirectoryNotFoundException>(() => locator.Locate(DatasetKind.Mnist, explicitDir));
        Assert.Contains(explicitDir, e.Message);
        Assert.Contains("missing train-labels-idx1-ubyte.gz", e.Message);
        var missingEnv = Isolated(new() { ["DGDMN_MNIST_DIR"] = Path.Combine(_dir.Path, "typo") });
        var e2 = Assert.Throws<DirectoryNotFoundException>(() => missingEnv.Locate(DatasetKind.Mnist));
        Assert.Contains("DGDMN_MNIST_DIR", e2.Message);
        Assert.Contains("folder does not exist", e2.Message);
    }

    [Fact]
    public void UncompressedFilesAreAccepted()
    {
        var raw = _dir.Sub("raw");
        DataTestSupport.WriteDataset(raw, gzip: false);
        Assert.Equal(raw, Isolated().Locate(DatasetKind.Mnist, raw));
    }

    [Fact]
    public void FashionFallsBackToTheDebianPackageFolder()
    {
        var locator = Isolated(new() { ["DGDMN_DATA_ROOT"] = Path.Combine(_dir.Path, "root") });
        Dataset("usr-share-fashion");
        Assert.Equal(Path.Combine(_dir.Path, "usr-share-fashion"), locator.Locate(DatasetKind.FashionMnist));
        Dataset("root", "fashion-mnist");
        Assert.Equal(Path.Combine(_dir.Path, "root", "fashion-mnist"), locator.Locate(DatasetKind.FashionMnist));
    }

    [Fact]
    public void NothingFoundListsEveryPlaceTriedAndTheFix()
    {
        using var server = new LocalHttpServer();
        server.Route("mnist/train-images-idx3-ubyte.gz", "x"u8.ToArray(), status: 500);
        var root = Path.Combine(_dir.Path, "root");
        var locator = Isolated(new() { ["DGDMN_DATA_ROOT"] = root }) with
        {
            MnistDownloader = new DatasetDownloader(new[] { server.BaseUrl + "mnist/" }, DatasetDownloader.MnistSha256),
        };
        var e = Assert.Throws<DirectoryNotFoundException>(() => locator.Locate(DatasetKind.Mnist));
        Assert.Contains("StreamOptions.DatasetDirectory: not set", e.Message);
        Assert.Contains("DGDMN_MNIST_DIR: not set", e.Message);
        Assert.Contains($"data cache {Path.Combine(root, "mnist")}: folder does not exist", e.Message);
        Assert.Contains($"{server.BaseUrl}mnist/train-images-idx3-ubyte.gz: HTTP 500", e.Message);
        Assert.Contains("Fix: set DGDMN_MNIST_DIR", e.Message);
        Assert.False(Directory.Exists(Path.Combine(root, "mnist")));   // nothing half-downloaded, not even the empty folder

        var fashion = Assert.Throws<DirectoryNotFoundException>(() => locator.Locate(DatasetKind.FashionMnist));
        Assert.Contains("DGDMN_FASHION_MNIST_DIR: not set", fashion.Message);
        Assert.Contains(Path.Combine(_dir.Path, "usr-share-fashion"), fashion.Message);
        Assert.Contains("download: disabled", fashion.Message);
        Assert.Contains("apt-get install dataset-fashion-mnist", fashion.Message);
    }

    [Fact]
    public void OfflineSkipsTheDownload()
    {
        using var server = new LocalHttpServer();
        var locator = Isolated(new() { ["DGDMN_DATA_ROOT"] = Path.Combine(_dir.Path, "root"), ["DGDMN_OFFLINE"] = "1" }) with
        {
            MnistDownloader = new DatasetDownloader(new[] { server.BaseUrl }, DatasetDownloader.MnistSha256),
        };
        var e = Assert.Throws<DirectoryNotFoundException>(() => locator.Locate(DatasetKind.Mnist));
        Assert.Contains("download: skipped because DGDMN_OFFLINE=1", e.Message);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public void MissingDatasetIsDownloadedIntoTheCache()
    {
        var source = Dataset("source");
        var sums = DatasetLocator.StandardFiles.ToDictionary(f => f,
            f => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(source, f)))));
        var root = Path.Combine(_dir.Path, "root");
        var locator = Isolated(new() { ["DGDMN_DATA_ROOT"] = root }) with
        {
            MnistDownloader = new DatasetDownloader(new[] { new Uri(source + "/").AbsoluteUri }, sums),
        };
        Assert.Equal(Path.Combine(root, "mnist"), locator.Locate(DatasetKind.Mnist));
        var loaded = IdxDataset.Load(DatasetKind.Mnist, null, locator);
        Assert.Same(loaded, IdxDataset.Load(DatasetKind.Mnist, Path.Combine(root, "mnist")));   // cached per folder
        Assert.Equal(20, loaded.Train.Count);
    }
}
