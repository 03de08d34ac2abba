using System.Security.Cryptography;
using Dgdmn.Data;

namespace Dgdmn.Tests.Data;

public sealed class DatasetDownloaderTests : IDisposable
{
    private readonly TempFolder _dir = new();
    private readonly LocalHttpServer _server = new();

    public void Dispose()
    {
        _server.Dispose();
        _dir.Dispose();
    }

    private static string Sha(byte[] b) => Convert.ToHexStringLower(SHA256.HashData(b));

    /// <summary>The four standard files of a synthetic dataset (gzip bytes) and their checksums.</summary>
    private Dictionary<string, byte[]> SyntheticFiles()
    {
        var src = _dir.Sub("source");
        DataTestSupport.WriteDataset(src);
        return DatasetLocator.StandardFiles.ToDictionary(f => f, f => File.ReadAllBytes(Path.Combine(src, f)));
    }

    private static void AssertOnlyFiles(string folder, params string[] names) =>
        Assert.Equal(names.OrderBy(n => n), Directory.GetFiles(folder).Select(Path.GetFileName).OrderBy(n => n));

    [Fact]
    public void KnownChecksumsCoverTheFourStandardFiles()
    {
        foreach (var table in new[] { DatasetDownloader.MnistSha256, DatasetDownloader.FashionMnistSha256 })
        {
            Assert.Equal(DatasetLocator.StandardFiles.OrderBy(f => f), table.Keys.OrderBy(f => f));
            Assert.All(table.Values, h => Assert.Matches("^[0-9a-f]{64}$", h));
        }
        Assert.Equal(2, DatasetDownloader.Mnist.Mirrors.Count);
    }

    [Fact]
    public void GoodFileIsAcceptedAndVerified()
    {
        var body = new byte[] { 1, 2, 3, 4, 5 };
        _server.Route("good/a.gz", body);
        var target = _dir.Sub("target");
        var d = new DatasetDownloader(new[] { _server.BaseUrl + "good" }, new Dictionary<string, string> { ["a.gz"] = Sha(body) });
        var path = d.Download("a.gz", target);
        Assert.Equal(Path.Combine(target, "a.gz"), path);
        Assert.Equal(body, File.ReadAllBytes(path));
        AssertOnlyFiles(target, "a.gz");
    }

    [Fact]
    public void CorruptFileIsRejectedAndTheNextMirrorTried()
    {
        var good = new byte[] { 9, 8, 7 };
        _server.Route("bad/a.gz", new byte[] { 9, 8, 6 });
        _server.Route("good/a.gz", good);
        var target = _dir.Sub("target");
        var d = new DatasetDownloader(new[] { _server.BaseUrl + "bad/", _server.BaseUrl + "good/" },
            new Dictionary<string, string> { ["a.gz"] = Sha(good) });
        d.Download("a.gz", target);
        Assert.Equal(good, File.ReadAllBytes(Path.Combine(target, "a.gz")));
        Assert.Equal(new[] { "/bad/a.gz", "/good/a.gz" }, _server.Requests);
        AssertOnlyFiles(target, "a.gz");
    }

    [Fact]
    public void CorruptFileOnEveryMirrorLeavesNothingBehind()
    {
        var good = new byte[] { 9, 8, 7 };
        _server.Route("bad/a.gz", new byte[] { 0, 0, 0 });
        var target = _dir.Sub("target");
        var d = new DatasetDownloader(new[] { _server.BaseUrl + "bad/" }, new Dictionary<string, string> { ["a.gz"] = Sha(good) });
        var e = Assert.Throws<IOException>(() => d.Download("a.gz", target));
        Assert.Contains("SHA-256 mismatch", e.Message);
        Assert.Contains(Sha(good), e.Message);
        Assert.Contains(_server.BaseUrl + "bad/a.gz", e.Message);
        AssertOnlyFiles(target);
    }

    [Fact]
    public void ServerErrorIsReportedPerMirror()
    {
        _server.Route("err/a.gz", "boom"u8.ToArray(), status: 500);
        var target = _dir.Sub("target");
        var d = new DatasetDownloader(new[] { _server.BaseUrl + "err/", _server.BaseUrl + "missing/" },
            new Dictionary<string, string> { ["a.gz"] = Sha(new byte[] { 1 }) });
        var e = Assert.Throws<IOException>(() => d.Download("a.gz", target));
        Assert.Contains(_server.BaseUrl + "err/a.gz: HTTP 500", e.Message);
        Assert.Contains(_server.BaseUrl + "missing/a.gz: HTTP 404", e.Message);
        AssertOnlyFiles(target);
    }

    [Fact]
    public void FileMirrorsWorkAndExistingFilesAreNotFetchedAgain()
    {
        var files = SyntheticFiles();
        var target = _dir.Sub("target");
        File.Copy(Path.Combine(_dir.Path, "source", "train-images-idx3-ubyte.gz"), Path.Combine(target, "train-images-idx3-ubyte.gz"));
        _server.Route("m/t10k-labels-idx1-ubyte.gz", files["t10k-labels-idx1-ubyte.gz"]);
        var d = new DatasetDownloader(new[] { _server.BaseUrl + "m/", new Uri(Path.Combine(_dir.Path, "source") + "/").AbsoluteUri },
            files.ToDictionary(kv => kv.Key, kv => Sha(kv.Value)));
        d.DownloadMissing(target);
        AssertOnlyFiles(target, DatasetLocator.StandardFiles.ToArray());
        Assert.DoesNotContain("/m/train-images-idx3-ubyte.gz", _server.Requests);     // already present
        Assert.Contains("/m/t10k-labels-idx1-ubyte.gz", _server.Requests);
        var data = IdxDataset.Read(DatasetKind.Mnist, target);
        Assert.Equal((20, 10), (data.Train.Count, data.Test.Count));
    }
}
