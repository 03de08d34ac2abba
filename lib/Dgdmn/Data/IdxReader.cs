using System.Buffers.Binary;
using System.IO.Compression;
using static TorchSharp.torch;
using Dgdmn.Torch;

namespace Dgdmn.Data;

/// <summary>
/// Reads MNIST-format IDX files (LeCun et al.): images (magic 0x00000803, [n, 28, 28] uint8) and labels
/// (magic 0x00000801, [n] uint8), gzip-compressed (detected by the 1f 8b header) or raw. Every defect is one
/// <see cref="IdxFormatException"/> naming the file, the problem and the fix.
/// </summary>
public static class IdxReader
{
    /// <summary>Magic number of an IDX file of unsigned bytes with three dimensions (images).</summary>
    public const int ImagesMagic = 0x00000803;

    /// <summary>Magic number of an IDX file of unsigned bytes with one dimension (labels).</summary>
    public const int LabelsMagic = 0x00000801;

    /// <summary>Image side the kit requires (28 pixels, as MNIST and Fashion-MNIST).</summary>
    public const int Side = 28;

    /// <summary>Pixels per image (784).</summary>
    public const int Pixels = Side * Side;

    /// <summary>Number of classes the labels may name (0..9).</summary>
    public const int Classes = 10;

    // Deflate's largest expansion (a 258-byte match per 2 bits): no valid gzip member inflates to more than this per byte.
    private const long MaxDeflateRatio = 1032;

    private const string Fix = "Re-download the file, or delete it so the kit fetches it again (see data/README.md).";

    /// <summary>Reads an image file as a float tensor.</summary>
    /// <param name="path">IDX image file, gzip or raw.</param>
    /// <param name="device">Device of the result (null: CPU).</param>
    /// <returns>[n, 784] float32 in [0, 1] (byte / 255, ink 1).</returns>
    public static Tensor ReadImages(string path, Device? device = null)
    {
        var bytes = ReadImageBytes(path, out var count);
        using var raw = tensor(bytes, new long[] { count, Pixels }, ScalarType.Byte);
        using var scaled = raw.to_type(ScalarType.Float32).div_(KeptScalars.ByteMax);
        return scaled.to(device ?? CPU).clone();
    }

    /// <summary>Reads a label file as an int64 tensor.</summary>
    /// <param name="path">IDX label file, gzip or raw.</param>
    /// <param name="device">Device of the result (null: CPU).</param>
    /// <returns>[n] int64 in [0, 10).</returns>
    public static Tensor ReadLabels(string path, Device? device = null)
    {
        var bytes = ReadLabelBytes(path);
        using var raw = tensor(bytes, new long[] { bytes.Length }, ScalarType.Byte);
        using var wide = raw.to_type(ScalarType.Int64);
        return wide.to(device ?? CPU).clone();
    }

    /// <summary>Reads and validates an image file; returns its pixels row-major ([n, 28, 28] flattened).</summary>
    /// <param name="path">IDX image file, gzip or raw.</param>
    /// <param name="count">Number of images n.</param>
    public static byte[] ReadImageBytes(string path, out int count)
    {
        var data = ReadPayload(path);
        var name = System.IO.Path.GetFileName(path);
        if (data.Length < 4)
            throw new IdxFormatException(path, $"IDX image file '{path}' is truncated: {data.Length} bytes, shorter than the 16-byte header. {Fix}");
        int magic = BinaryPrimitives.ReadInt32BigEndian(data);
        if (magic != ImagesMagic)
            throw new IdxFormatException(path, $"'{path}' is not an IDX image file: magic number 0x{magic:X8}, expected 0x{ImagesMagic:X8}"
                + (magic == LabelsMagic ? " (this is a label file; are the image and label files swapped?)." : ".") + $" {Fix}");
        if (data.Length < 16)
            throw new IdxFormatException(path, $"IDX image file '{path}' is truncated: {data.Length} bytes, shorter than the 16-byte header. {Fix}");
        count = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(4));
        int rows = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(8));
        int cols = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(12));
        if (count < 0)
            throw new IdxFormatException(path, $"IDX image file '{path}' has a negative item count ({count}). {Fix}");
        if (rows != Side || cols != Side)
            throw new IdxFormatException(path, $"IDX image file '{path}' holds {rows}x{cols} images; the kit needs {Side}x{Side} (MNIST format). "
                + "Use the standard MNIST or Fashion-MNIST files, or resize the images to 28x28 before writing them.");
        long expected = 16L + (long)count * Pixels;
        if (data.Length < expected)
            throw new IdxFormatException(path, $"IDX image file '{path}' is truncated: its header promises {count} images ({expected} bytes), "
                + $"but it holds {data.Length} bytes ({(data.Length - 16) / Pixels} whole images). {Fix}");
        if (data.Length > expected)
            throw new IdxFormatException(path, $"IDX image file '{path}' has {data.Length - expected} bytes after the {count} images its header declares; "
                + $"the header and the data disagree. {Fix}");
        return data.AsSpan(16).ToArray();
    }

    /// <summary>Reads and validates a label file; returns one byte per item, each in [0, 10).</summary>
    /// <param name="path">IDX label file, gzip or raw.</param>
    public static byte[] ReadLabelBytes(string path)
    {
        var data = ReadPayload(path);
        if (data.Length < 4)
            throw new IdxFormatException(path, $"IDX label file '{path}' is truncated: {data.Length} bytes, shorter than the 8-byte header. {Fix}");
        int magic = BinaryPrimitives.ReadInt32BigEndian(data);
        if (magic != LabelsMagic)
            throw new IdxFormatException(path, $"'{path}' is not an IDX label file: magic number 0x{magic:X8}, expected 0x{LabelsMagic:X8}"
                + (magic == ImagesMagic ? " (this is an image file; are the image and label files swapped?)." : ".") + $" {Fix}");
        if (data.Length < 8)
            throw new IdxFormatException(path, $"IDX label file '{path}' is truncated: {data.Length} bytes, shorter than the 8-byte header. {Fix}");
        int count = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(4));
        if (count < 0)
            throw new IdxFormatException(path, $"IDX label file '{path}' has a negative item count ({count}). {Fix}");
        long expected = 8L + count;
        if (data.Length < expected)
            throw new IdxFormatException(path, $"IDX label file '{path}' is truncated: its header promises {count} labels, "
                + $"but it holds {data.Length - 8}. {Fix}");
        if (data.Length > expected)
            throw new IdxFormatException(path, $"IDX label file '{path}' has {data.Length - expected} bytes after the {count} labels its header declares; "
                + $"the header and the data disagree. {Fix}");
        var labels = data.AsSpan(8).ToArray();
        for (int i = 0; i < labels.Length; i++)
            if (labels[i] >= Classes)
                throw new IdxFormatException(path, $"IDX label file '{path}': label {labels[i]} at item {i} is outside 0..{Classes - 1}. {Fix}");
        return labels;
    }

    /// <summary>Reads an image file and its label file and checks that they hold the same number of items.</summary>
    /// <param name="imagesPath">IDX image file.</param>
    /// <param name="labelsPath">IDX label file.</param>
    /// <returns>Pixels ([n, 784] flattened, uint8) and labels ([n], uint8).</returns>
    public static (byte[] Pixels, byte[] Labels) ReadPairBytes(string imagesPath, string labelsPath)
    {
        var pixels = ReadImageBytes(imagesPath, out var count);
        var labels = ReadLabelBytes(labelsPath);
        if (labels.Length != count)
            throw new IdxFormatException(labelsPath, $"'{labelsPath}' holds {labels.Length} labels but its image file '{imagesPath}' holds {count} images; "
                + "the two files come from different downloads or subsets. Replace both with a matching pair (or delete them so the kit fetches them again).");
        return (pixels, labels);
    }

    /// <summary>Whole file content, gunzipped when it starts with the gzip header.</summary>
    private static byte[] ReadPayload(string path)
    {
        if (!File.Exists(path))
            throw new IdxFormatException(path, $"IDX file '{path}' does not exist. Check the dataset folder, or see data/README.md for where the kit looks and how it downloads MNIST.");
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 2 || bytes[0] != 0x1f || bytes[1] != 0x8b) return bytes;
        try
        {
            using var input = new MemoryStream(bytes);
            using var gzip = new GZipStream(input, CompressionMode.Decompress);
            // The gzip trailer's ISIZE presizes the buffer (half the CPU of a growing stream for the 47 MB files);
            // a corrupt trailer is only a hint, so it is checked by the IDX header afterwards, and a hint above what
            // deflate can expand the file to (1032:1 at most) is ignored: a truncated or padded file's last 4 bytes
            // would otherwise reserve up to 4 GiB (the fuzzer found 257 MiB reserved for a 2 KB file).
            long hint = bytes.Length >= 18 ? BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4)) : 0;
            if (hint > MaxDeflateRatio * bytes.Length) hint = 0;
            using var output = new MemoryStream((int)Math.Min(hint, 256L << 20));
            gzip.CopyTo(output, 1 << 20);
            return output.Length == output.Capacity ? output.GetBuffer() : output.ToArray();
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException)
        {
            throw new IdxFormatException(path, $"IDX file '{path}' is not a valid gzip stream (truncated or corrupt download: {e.Message}). {Fix}", e);
        }
    }
}
