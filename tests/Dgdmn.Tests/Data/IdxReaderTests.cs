using System.Buffers.Binary;
using System.IO.Compression;
using Dgdmn.Data;
using static TorchSharp.torch;

namespace Dgdmn.Tests.Data;

public sealed class IdxReaderTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private string File(string name) => Path.Combine(_dir.Path, name);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ImagesAndLabelsRoundTrip(bool gzip)
    {
        var pixels = DataTestSupport.Pixels(7);
        var labels = DataTestSupport.Labels(7);
        IdxWriter.WriteImages(File("img"), pixels, gzip);
        IdxWriter.WriteLabels(File("lbl"), labels, gzip);
        var head = System.IO.File.ReadAllBytes(File("img")).Take(2).ToArray();
        Assert.Equal(gzip, head[0] == 0x1f && head[1] == 0x8b);

        Assert.Equal(pixels, IdxReader.ReadImageBytes(File("img"), out var count));
        Assert.Equal(7, count);
        using var x = IdxReader.ReadImages(File("img"));
        using var y = IdxReader.ReadLabels(File("lbl"));
        Assert.Equal(new long[] { 7, 784 }, x.shape);
        Assert.Equal(ScalarType.Float32, x.dtype);
        Assert.Equal(ScalarType.Int64, y.dtype);
        var xs = x.data<float>().ToArray();
        for (int i = 0; i < pixels.Length; i++) Assert.Equal(pixels[i] / 255f, xs[i]);
        Assert.Equal(labels.Select(b => (long)b), y.data<long>().ToArray());
    }

    private IdxFormatException Fails(Action read, string path)
    {
        var e = Assert.Throws<IdxFormatException>(read);
        Assert.Contains(path, e.Message);
        Assert.Equal(path, e.Path);
        return e;
    }

    [Fact]
    public void LabelFileReadAsImagesIsABadMagicNumber()
    {
        IdxWriter.WriteLabels(File("x.gz"), DataTestSupport.Labels(3), gzip: true);
        var e = Fails(() => IdxReader.ReadImageBytes(File("x.gz"), out _), File("x.gz"));
        Assert.Contains("magic number 0x00000801", e.Message);
        Assert.Contains("swapped", e.Message);
        Assert.Contains("delete it", e.Message);
    }

    [Fact]
    public void ArbitraryBytesAreABadMagicNumber()
    {
        System.IO.File.WriteAllBytes(File("junk"), Enumerable.Repeat((byte)0x41, 100).ToArray());
        var e = Fails(() => IdxReader.ReadLabelBytes(File("junk")), File("junk"));
        Assert.Contains("not an IDX label file", e.Message);
    }

    [Fact]
    public void ImagesOtherThan28x28AreRejected()
    {
        var data = new byte[16 + 2 * 32 * 32];
        BinaryPrimitives.WriteInt32BigEndian(data, IdxReader.ImagesMagic);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(4), 2);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(8), 32);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(12), 32);
        System.IO.File.WriteAllBytes(File("big"), data);
        var e = Fails(() => IdxReader.ReadImageBytes(File("big"), out _), File("big"));
        Assert.Contains("32x32", e.Message);
        Assert.Contains("28x28", e.Message);
    }

    [Fact]
    public void TruncatedRawImagesAreRejected()
    {
        IdxWriter.WriteImages(File("img"), DataTestSupport.Pixels(5), gzip: false);
        var bytes = System.IO.File.ReadAllBytes(File("img"));
        System.IO.File.WriteAllBytes(File("img"), bytes[..^100]);
        var e = Fails(() => IdxReader.ReadImageBytes(File("img"), out _), File("img"));
        Assert.Contains("truncated", e.Message);
        Assert.Contains("promises 5 images", e.Message);
    }

    [Fact]
    public void TruncatedGzipImagesAreRejected()
    {
        IdxWriter.WriteImages(File("img.gz"), DataTestSupport.Pixels(50), gzip: true);
        var bytes = System.IO.File.ReadAllBytes(File("img.gz"));
        System.IO.File.WriteAllBytes(File("img.gz"), bytes[..(bytes.Length / 2)]);
        var e = Fails(() => IdxReader.ReadImageBytes(File("img.gz"), out _), File("img.gz"));
        Assert.Contains("Re-download", e.Message);
    }

    [Fact]
    public void GzipOfATruncatedPayloadIsRejected()
    {
        // A well-formed gzip stream whose content stops inside the labels.
        var raw = new byte[8 + 3];
        BinaryPrimitives.WriteInt32BigEndian(raw, IdxReader.LabelsMagic);
        BinaryPrimitives.WriteInt32BigEndian(raw.AsSpan(4), 10);
        using (var f = System.IO.File.Create(File("lbl.gz")))
        using (var z = new GZipStream(f, CompressionLevel.Fastest)) z.Write(raw);
        var e = Fails(() => IdxReader.ReadLabelBytes(File("lbl.gz")), File("lbl.gz"));
        Assert.Contains("truncated", e.Message);
        Assert.Contains("promises 10 labels", e.Message);
    }

    [Fact]
    public void TruncatedLabelHeaderIsRejected()
    {
        System.IO.File.WriteAllBytes(File("lbl"), new byte[] { 0, 0, 8, 1, 0 });
        var e = Fails(() => IdxReader.ReadLabelBytes(File("lbl")), File("lbl"));
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void TrailingBytesAreRejected()
    {
        IdxWriter.WriteLabels(File("lbl"), DataTestSupport.Labels(4), gzip: false);
        System.IO.File.AppendAllText(File("lbl"), "extra");
        var e = Fails(() => IdxReader.ReadLabelBytes(File("lbl")), File("lbl"));
        Assert.Contains("5 bytes after the 4 labels", e.Message);
    }

    [Fact]
    public void LabelOutsideZeroToNineIsRejected()
    {
        IdxWriter.WriteLabels(File("lbl"), new byte[] { 1, 2, 12 }, gzip: false);
        var e = Fails(() => IdxReader.ReadLabelBytes(File("lbl")), File("lbl"));
        Assert.Contains("label 12 at item 2", e.Message);
    }

    [Fact]
    public void ImageAndLabelCountMismatchNamesBothFiles()
    {
        IdxWriter.WriteImages(File("img"), DataTestSupport.Pixels(5), gzip: true);
        IdxWriter.WriteLabels(File("lbl"), DataTestSupport.Labels(4), gzip: true);
        var e = Fails(() => IdxReader.ReadPairBytes(File("img"), File("lbl")), File("lbl"));
        Assert.Contains(File("img"), e.Message);
        Assert.Contains("4 labels", e.Message);
        Assert.Contains("5 images", e.Message);
    }

    [Fact]
    public void MissingFileIsNamed()
    {
        var e = Fails(() => IdxReader.ReadLabels(File("nope.gz")), File("nope.gz"));
        Assert.Contains("does not exist", e.Message);
    }

    [Fact]
    public void DatasetFolderMissingOneFileNamesIt()
    {
        DataTestSupport.WriteDataset(_dir.Path);
        System.IO.File.Delete(File("t10k-labels-idx1-ubyte.gz"));
        var e = Fails(() => IdxDataset.Read(DatasetKind.Mnist, _dir.Path), File("t10k-labels-idx1-ubyte.gz"));
        Assert.Contains("does not exist", e.Message);
    }

    [Fact]
    public void DatasetReadsRawAndGzipFolders()
    {
        DataTestSupport.WriteDataset(_dir.Sub("gz"), gzip: true);
        DataTestSupport.WriteDataset(_dir.Sub("raw"), gzip: false);
        var a = IdxDataset.Read(DatasetKind.Mnist, Path.Combine(_dir.Path, "gz"));
        var b = IdxDataset.Read(DatasetKind.Mnist, Path.Combine(_dir.Path, "raw"));
        Assert.Equal((20, 10), (a.Train.Count, a.Test.Count));
        var idx = a.Train.IndicesOf(3);
        Assert.Equal(new long[] { 3, 13 }, idx);
        using var xa = a.Train.Images(idx);
        using var xb = b.Train.Images(idx);
        Assert.True(DataTestSupport.Same(xa, xb));
        using var y = a.Test.Labels(a.Test.IndicesOf(3, 4));
        Assert.Equal(new long[] { 3, 4 }, y.data<long>().ToArray());
    }
}
