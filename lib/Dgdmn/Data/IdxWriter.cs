using System.Buffers.Binary;
using System.IO.Compression;

namespace Dgdmn.Data;

/// <summary>
/// Writes MNIST-format IDX files (the inverse of <see cref="IdxReader"/>), gzip or raw, atomically.
/// Used to make small synthetic datasets for tests.
/// </summary>
public static class IdxWriter
{
    /// <summary>Writes n 28x28 images.</summary>
    /// <param name="path">Target file; written via a temporary file in the same folder.</param>
    /// <param name="pixels">[n, 784] uint8 flattened row-major; length must be a multiple of 784.</param>
    /// <param name="gzip">Compress with gzip (the standard .gz distribution form).</param>
    public static void WriteImages(string path, ReadOnlySpan<byte> pixels, bool gzip)
    {
        if (pixels.Length % IdxReader.Pixels != 0)
            throw new ArgumentException($"Pixel count {pixels.Length} is not a multiple of {IdxReader.Pixels} (28x28 images).", nameof(pixels));
        var data = new byte[16 + pixels.Length];
        BinaryPrimitives.WriteInt32BigEndian(data, IdxReader.ImagesMagic);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(4), pixels.Length / IdxReader.Pixels);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(8), IdxReader.Side);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(12), IdxReader.Side);
        pixels.CopyTo(data.AsSpan(16));
        Write(path, data, gzip);
    }

    /// <summary>Writes n labels.</summary>
    /// <param name="path">Target file; written via a temporary file in the same folder.</param>
    /// <param name="labels">[n] uint8 class labels.</param>
    /// <param name="gzip">Compress with gzip.</param>
    public static void WriteLabels(string path, ReadOnlySpan<byte> labels, bool gzip)
    {
        var data = new byte[8 + labels.Length];
        BinaryPrimitives.WriteInt32BigEndian(data, IdxReader.LabelsMagic);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(4), labels.Length);
        labels.CopyTo(data.AsSpan(8));
        Write(path, data, gzip);
    }

    private static void Write(string path, byte[] data, bool gzip)
    {
        var full = Path.GetFullPath(path);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = File.Create(temp))
            {
                if (gzip)
                {
                    using var z = new GZipStream(file, CompressionLevel.Fastest);
                    z.Write(data);
                }
                else file.Write(data);
            }
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
