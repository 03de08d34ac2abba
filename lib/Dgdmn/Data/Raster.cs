using System.Runtime.InteropServices;
using SkiaSharp;
using TorchSharp;
using static TorchSharp.torch;

// The tests check the downsampling arithmetic directly.
[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("Dgdmn.Tests")]

namespace Dgdmn.Data;

/// <summary>
/// An offscreen 112×112 coverage canvas for the procedural streams (Shapes, Hindi): draw anti-aliased at
/// four times the target resolution, then area-average 4×4 blocks down to a 28×28 image (spec §4.4, §4.5).
/// One instance is reused for every sample of a stream, so drawing allocates nothing per image.
/// </summary>
internal sealed class Raster : IDisposable
{
    /// <summary>Side of the drawing canvas in pixels.</summary>
    public const int HighSize = 112;

    /// <summary>Side of the output image in pixels (MNIST format).</summary>
    public const int LowSize = 28;

    /// <summary>High-resolution pixels per output pixel along each axis.</summary>
    public const int Factor = HighSize / LowSize;

    /// <summary>Pixels in one flattened output image.</summary>
    public const int Pixels = LowSize * LowSize;

    private readonly SKBitmap _bitmap;

    public Raster()
    {
        // Alpha8 holds exactly the coverage we want: white ink on black is coverage 1 on coverage 0.
        _bitmap = new SKBitmap(new SKImageInfo(HighSize, HighSize, SKColorType.Alpha8, SKAlphaType.Premul));
        Canvas = new SKCanvas(_bitmap);
    }

    /// <summary>The canvas to draw on, in 112-px coordinates; paint with an opaque colour to lay ink.</summary>
    public SKCanvas Canvas { get; }

    /// <summary>Erases all ink and resets the canvas matrix.</summary>
    public void Clear()
    {
        Canvas.ResetMatrix();
        Canvas.Clear(SKColors.Transparent);
    }

    /// <summary>
    /// Draws <paramref name="count"/> images, calling <paramref name="draw"/> once per image (it clears and draws
    /// the canvas), and area-averages each to 28×28.
    /// </summary>
    /// <returns>[count, 784] float32 in [0, 1] on the CPU, row-major images.</returns>
    public Tensor Render(int count, Action draw)
    {
        var pixels = new float[count * Pixels];
        for (int i = 0; i < count; i++)
        {
            draw();
            DownsampleTo(pixels.AsSpan(i * Pixels, Pixels));
        }
        return tensor(pixels, new long[] { count, Pixels });
    }

    /// <summary>Area-averages the canvas into <paramref name="destination"/> (784 floats in [0, 1], row-major).</summary>
    public void DownsampleTo(Span<float> destination)
    {
        // Eight coverage bytes are summed per 64-bit word (two output pixels): bytes pairwise into 16-bit lanes,
        // then over the block's four rows (at most 4 · 2 · 255 per lane, no overflow). Tests run Debug builds,
        // where a plain per-byte loop was the largest cost of a stream (~50 µs per image).
        const ulong evenBytes = 0x00FF00FF00FF00FFUL;
        const int words = HighSize / 8;
        const float scale = 1f / (Factor * Factor * 255f);
        if (destination.Length != Pixels) throw new ArgumentException($"Destination must hold {Pixels} floats.", nameof(destination));
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Raster downsampling assumes a little-endian CPU.");
        ReadOnlySpan<byte> src = _bitmap.GetPixelSpan();
        int rowBytes = _bitmap.RowBytes;
        Span<ulong> lanes = stackalloc ulong[words];
        for (int r = 0; r < LowSize; r++)
        {
            lanes.Clear();
            for (int dy = 0; dy < Factor; dy++)
            {
                var row = MemoryMarshal.Cast<byte, ulong>(src.Slice((r * Factor + dy) * rowBytes, HighSize));
                for (int w = 0; w < words; w++)
                {
                    ulong v = row[w];
                    lanes[w] += (v & evenBytes) + ((v >> 8) & evenBytes);
                }
            }
            var dest = destination.Slice(r * LowSize, LowSize);
            for (int w = 0; w < words; w++)
            {
                ulong l = lanes[w];
                dest[2 * w] = ((l & 0xFFFF) + ((l >> 16) & 0xFFFF)) * scale;
                dest[2 * w + 1] = (((l >> 32) & 0xFFFF) + (l >> 48)) * scale;
            }
        }
    }

    /// <summary>
    /// Ink-weighted centre of the canvas in 112-px coordinates (pixel centres at i + 0.5), or null when the
    /// canvas is empty.
    /// </summary>
    public SKPoint? CentreOfMass()
    {
        ReadOnlySpan<byte> src = _bitmap.GetPixelSpan();
        int rowBytes = _bitmap.RowBytes;
        double total = 0, sx = 0, sy = 0;
        for (int y = 0; y < HighSize; y++)
            for (int x = 0; x < HighSize; x++)
            {
                int v = src[y * rowBytes + x];
                total += v; sx += v * (x + 0.5); sy += v * (y + 0.5);
            }
        return total == 0 ? null : new SKPoint((float)(sx / total), (float)(sy / total));
    }

    /// <summary>
    /// Moves rendered images and their one class label to <paramref name="device"/>, detached from any dispose
    /// scope because the <see cref="ContinualTask"/> they go into owns them.
    /// </summary>
    /// <param name="images">[n, 784] float32 on the CPU; disposed here when a copy is made for another device.</param>
    /// <param name="label">The class label of every image.</param>
    /// <param name="device">Target device (null: CPU).</param>
    /// <returns>Images [n, 784] float32 and labels [n] int64.</returns>
    public static (Tensor X, Tensor Y) ToTask(Tensor images, long label, Device? device)
    {
        using var scope = NewDisposeScope();
        var x = images.to(device ?? CPU);
        using var labelScalar = label.ToScalar();
        var y = full(new long[] { images.shape[0] }, labelScalar, dtype: ScalarType.Int64, device: device ?? CPU);
        if (!ReferenceEquals(x, images)) images.Dispose();
        return (x.DetachFromDisposeScope(), y.DetachFromDisposeScope());
    }

    /// <summary>
    /// Builds a stream of one-class procedural tasks: task k's train and test images come from
    /// <paramref name="render"/>(k, isTest, count, generator), each split from its own seeded generator
    /// (<c>Seeds.Random(seed, name, "train"|"test", k)</c>), labelled k.
    /// </summary>
    public static TaskStream OneClassStream(string name, IReadOnlyList<string> taskNames, StreamOptions options,
        int nTrain, int nTest, Func<int, bool, int, Random, Tensor> render)
    {
        var tasks = new List<ContinualTask>(taskNames.Count);
        try
        {
            for (int k = 0; k < taskNames.Count; k++)
            {
                using var scope = NewDisposeScope();       // frees a rendered split if a later step throws
                var train = render(k, false, nTrain, Seeds.Random(options.Seed, name, "train", k));
                var test = render(k, true, nTest, Seeds.Random(options.Seed, name, "test", k));
                var (trainX, trainY) = ToTask(train, k, options.Device);
                var (testX, testY) = ToTask(test, k, options.Device);
                tasks.Add(new ContinualTask(k, taskNames[k], trainX, trainY, testX, testY));
            }
        }
        catch
        {
            foreach (var t in tasks) t.Dispose();
            throw;
        }
        return new TaskStream(name, taskNames.Count, tasks);
    }

    /// <summary>
    /// Samples to generate for one split: the stream's full count, capped by a <see cref="StreamOptions"/> cap.
    /// A capped split is a prefix of the full one, because samples are drawn in order from one generator.
    /// </summary>
    public static int Capped(int full, int? cap, string capField)
    {
        if (cap is < 0) throw new ArgumentException($"StreamOptions.{capField} must be >= 0 or null (got {cap}).");
        return cap is { } c ? Math.Min(full, c) : full;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Canvas.Dispose();
        _bitmap.Dispose();
    }
}
