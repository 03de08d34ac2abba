using System.IO.Compression;
using Dgdmn.Data;

namespace Dgdmn.Tests.Reliability;

/// <summary>Fuzz targets of <see cref="IdxReader"/>: 20 images or labels, raw or gzip (then the IDX bytes are the inner layer).</summary>
public static class IdxTargets
{
    private static readonly HeaderField[] ImageFields = [new(0, 4, true), new(4, 4, true), new(8, 4, true), new(12, 4, true)];
    private static readonly HeaderField[] LabelFields = [new(0, 4, true), new(4, 4, true)];

    /// <summary>The clear error: an <see cref="IdxFormatException"/> for this file, named in its message.</summary>
    public static bool IsClearError(Exception e, string path) =>
        e is IdxFormatException idx && idx.Path == path && e.Message.Contains(path, StringComparison.Ordinal);

    /// <summary>An image file of 20 images.</summary>
    public static FuzzTarget Images(bool gzip)
    {
        var pixels = Enumerable.Range(0, 20 * IdxReader.Pixels).Select(i => (byte)(i * 7 % 256)).ToArray();
        var raw = ImageFile(pixels);
        bool Read(string path) => IdxReader.ReadImageBytes(path, out var count).AsSpan().SequenceEqual(pixels) && count == 20;
        return Target($"idx images ({(gzip ? "gzip" : "raw")})", "images.idx", raw, Read, ImageFields, gzip);
    }

    /// <summary>A label file of 20 labels.</summary>
    public static FuzzTarget Labels(bool gzip)
    {
        var labels = Enumerable.Range(0, 20).Select(i => (byte)(i % IdxReader.Classes)).ToArray();
        var raw = new byte[8 + labels.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(raw, IdxReader.LabelsMagic);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(raw.AsSpan(4), labels.Length);
        labels.CopyTo(raw.AsSpan(8));
        bool Read(string path) => IdxReader.ReadLabelBytes(path).AsSpan().SequenceEqual(labels);
        return Target($"idx labels ({(gzip ? "gzip" : "raw")})", "labels.idx", raw, Read, LabelFields, gzip);
    }

    // Raw IDX has no checksum; gzip has a CRC-32 over its content, so outer damage of a gzip file must be caught.
    private static FuzzTarget Target(string name, string file, byte[] raw, Func<string, bool> read, HeaderField[] fields, bool gzip) => gzip
        ? new FuzzTarget(name, file + ".gz", Gzip(raw), read, IsClearError, Checksummed: true, Fields: [],
            Inner: new InnerLayer(raw, fields, Gzip))
        : new FuzzTarget(name, file, raw, read, IsClearError, Checksummed: false, Fields: fields);

    private static byte[] ImageFile(byte[] pixels)
    {
        var raw = new byte[16 + pixels.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(raw, IdxReader.ImagesMagic);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(raw.AsSpan(4), pixels.Length / IdxReader.Pixels);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(raw.AsSpan(8), IdxReader.Side);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(raw.AsSpan(12), IdxReader.Side);
        pixels.CopyTo(raw.AsSpan(16));
        return raw;
    }

    private static byte[] Gzip(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var z = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true)) z.Write(data);
        return buffer.ToArray();
    }
}
