using System.Runtime.InteropServices;
using SkiaSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace Dgdmn.Reporting;

/// <summary>
/// Renders 28×28 images as a grid (white ink on black, grey gutters) with SkiaSharp: to an <see cref="SKBitmap"/>,
/// to PNG bytes (for notebooks) or to a PNG file written atomically.
/// </summary>
public static class ImageGrid
{
    private const int Side = 28;
    private static readonly SKColor Gutter = new(96, 96, 96);

    /// <summary>Renders one grid row per tensor; rows may have different lengths (short rows are padded with gutter colour).</summary>
    /// <param name="rows">Each [k, 784] or [k, 28, 28] (or [k, 1, 28, 28]), values in [0, 1] (clamped), ink 1.</param>
    /// <param name="scale">Screen pixels per image pixel (at least 1).</param>
    /// <param name="padding">Gutter width in screen pixels between and around the images (at least 0).</param>
    /// <returns>A new bitmap the caller owns (dispose it).</returns>
    public static SKBitmap ToBitmap(IReadOnlyList<Tensor> rows, int scale = 2, int padding = 2)
    {
        if (rows.Count == 0) throw new ArgumentException("An image grid needs at least one row.", nameof(rows));
        if (scale < 1) throw new ArgumentOutOfRangeException(nameof(scale), scale, "Scale must be at least 1.");
        if (padding < 0) throw new ArgumentOutOfRangeException(nameof(padding), padding, "Padding must be at least 0.");
        var pixels = rows.Select(Pixels).ToArray();
        int columns = Math.Max(1, pixels.Max(p => p.Length / (Side * Side)));
        int cell = Side * scale;
        int width = columns * cell + (columns + 1) * padding;
        int height = rows.Count * cell + (rows.Count + 1) * padding;

        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        var buffer = new byte[info.RowBytes * height];
        for (int i = 0; i < buffer.Length; i += 4)
        {
            buffer[i] = Gutter.Red; buffer[i + 1] = Gutter.Green; buffer[i + 2] = Gutter.Blue; buffer[i + 3] = 255;
        }
        for (int r = 0; r < pixels.Length; r++)
        {
            int count = pixels[r].Length / (Side * Side);
            for (int c = 0; c < count; c++)
            {
                int x0 = padding + c * (cell + padding), y0 = padding + r * (cell + padding);
                for (int py = 0; py < cell; py++)
                for (int px = 0; px < cell; px++)
                {
                    float v = pixels[r][c * Side * Side + (py / scale) * Side + px / scale];
                    byte g = (byte)Math.Round(255 * (float.IsNaN(v) ? 0 : Math.Clamp(v, 0f, 1f)));
                    int o = (y0 + py) * info.RowBytes + (x0 + px) * 4;
                    buffer[o] = g; buffer[o + 1] = g; buffer[o + 2] = g;
                }
            }
        }
        var bitmap = new SKBitmap(info);
        Marshal.Copy(buffer, 0, bitmap.GetPixels(), buffer.Length);
        bitmap.NotifyPixelsChanged();
        return bitmap;
    }

    /// <summary>Renders a batch of images in rows of <paramref name="columns"/>.</summary>
    /// <param name="images">[n, 784] or [n, 28, 28] in [0, 1].</param>
    /// <param name="columns">Images per row (at least 1).</param>
    /// <param name="scale">Screen pixels per image pixel.</param>
    /// <param name="padding">Gutter width in screen pixels.</param>
    /// <returns>A new bitmap the caller owns.</returns>
    public static SKBitmap ToBitmap(Tensor images, int columns = 8, int scale = 2, int padding = 2)
    {
        if (columns < 1) throw new ArgumentOutOfRangeException(nameof(columns), columns, "Columns must be at least 1.");
        using var scope = NewDisposeScope();
        var flat = Flatten(images);
        long n = flat.shape[0];
        var rows = new List<Tensor>();
        for (long start = 0; start < n; start += columns) rows.Add(flat.narrow(0, start, Math.Min(columns, n - start)));
        if (rows.Count == 0) rows.Add(flat);
        return ToBitmap(rows, scale, padding);
    }

    /// <summary>PNG bytes of <see cref="ToBitmap(Tensor, int, int, int)"/> (e.g. for a notebook's display).</summary>
    public static byte[] ToPng(Tensor images, int columns = 8, int scale = 2, int padding = 2)
    {
        using var bitmap = ToBitmap(images, columns, scale, padding);
        return Encode(bitmap);
    }

    /// <summary>PNG bytes of <see cref="ToBitmap(IReadOnlyList{Tensor}, int, int)"/>: one row per tensor.</summary>
    public static byte[] ToPng(IReadOnlyList<Tensor> rows, int scale = 2, int padding = 2)
    {
        using var bitmap = ToBitmap(rows, scale, padding);
        return Encode(bitmap);
    }

    /// <summary>
    /// PNG bytes of a grid with one row per tensor, each row named at its left by <paramref name="rowLabels"/>, the
    /// columns named by <paramref name="columnTitle"/> above them and, if given, each column by
    /// <paramref name="columnLabels"/>, so the picture reads without its caption. Labels may mix scripts (e.g.
    /// "task 1: क ka"): characters the default font lacks are drawn in an installed font that has them.
    /// </summary>
    /// <param name="rows">As for <see cref="ToBitmap(IReadOnlyList{Tensor}, int, int)"/>.</param>
    /// <param name="rowLabels">One label per row.</param>
    /// <param name="columnTitle">What the columns are (e.g. "test images 1–10"), or null.</param>
    /// <param name="scale">Screen pixels per image pixel.</param>
    /// <param name="padding">Gutter width in screen pixels.</param>
    /// <param name="columnLabels">One label per column (e.g. the sample index "1", "2", ...), or null.</param>
    public static byte[] ToPng(IReadOnlyList<Tensor> rows, IReadOnlyList<string> rowLabels, string? columnTitle = null, int scale = 2, int padding = 2,
        IReadOnlyList<string>? columnLabels = null)
    {
        ArgumentNullException.ThrowIfNull(rowLabels);
        if (rowLabels.Count != rows.Count) throw new ArgumentException($"{rows.Count} rows but {rowLabels.Count} row labels; give one label per row.", nameof(rowLabels));
        using var grid = ToBitmap(rows, scale, padding);
        int cell = Side * scale, columns = (grid.Width - padding) / (cell + padding);
        if (columnLabels is not null && columnLabels.Count != columns)
            throw new ArgumentException($"{columns} columns but {columnLabels.Count} column labels; give one label per column.", nameof(columnLabels));
        using var font = new SKFont(SKTypeface.Default, 13);
        using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        float left = rowLabels.Max(l => MeasureMixed(l, font)) + 12;
        float titleHeight = columnTitle is null ? 0 : 22, top = titleHeight + (columnLabels is null ? 0 : 16);
        // Wide enough for the title too: a narrow grid (few columns) would clip it.
        float titleWidth = columnTitle is null ? 0 : padding + MeasureMixed(columnTitle, font) + 4;
        var info = new SKImageInfo((int)Math.Ceiling(left + Math.Max(grid.Width, titleWidth)), grid.Height + (int)top, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var bitmap = new SKBitmap(info);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.White);
            canvas.DrawBitmap(grid, left, top);
            for (int r = 0; r < rowLabels.Count; r++)
                DrawMixed(canvas, rowLabels[r], left - 6 - MeasureMixed(rowLabels[r], font), top + padding + r * (cell + padding) + cell / 2f + 5, font, paint);
            if (columnTitle is not null) DrawMixed(canvas, columnTitle, left + padding, 16, font, paint);
            for (int c = 0; c < (columnLabels?.Count ?? 0); c++)
                DrawMixed(canvas, columnLabels![c], left + padding + c * (cell + padding) + (cell - MeasureMixed(columnLabels[c], font)) / 2f, top - 4, font, paint);
        }
        return Encode(bitmap);
    }

    // Text split into runs of one typeface each: the default one where it has the glyph, else a matching installed font.
    private static IEnumerable<(string Text, SKTypeface Typeface)> Runs(string text, SKTypeface fallbackFrom)
    {
        var runs = new List<(string, SKTypeface)>();
        var current = new System.Text.StringBuilder();
        SKTypeface? face = null;
        for (int i = 0; i < text.Length; i += char.IsSurrogatePair(text, i) ? 2 : 1)
        {
            int codepoint = char.ConvertToUtf32(text, i);
            var want = char.IsWhiteSpace(text, i) && face is not null ? face            // a space stays in the current run
                : fallbackFrom.ContainsGlyph(codepoint) ? fallbackFrom
                : Fallback(codepoint) ?? fallbackFrom;
            if (face is not null && want.FamilyName != face.FamilyName) { runs.Add((current.ToString(), face)); current.Clear(); }
            face = want;
            current.Append(char.ConvertFromUtf32(codepoint));
        }
        if (face is not null) runs.Add((current.ToString(), face));
        return runs;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, SKTypeface?> Fallbacks = new();

    // An installed font with the glyph. SkiaSharp's bundled Linux font manager reads folders without fontconfig, so
    // MatchCharacter finds nothing there; scanning its families does (Noto Sans first, then by name, for stable output).
    private static SKTypeface? Fallback(int codepoint) => Fallbacks.GetOrAdd(codepoint, c =>
        SKFontManager.Default.MatchCharacter(c) ?? SKFontManager.Default.FontFamilies
            .OrderBy(f => f.StartsWith("Noto Sans", StringComparison.Ordinal) ? 0 : 1).ThenBy(f => f, StringComparer.Ordinal)
            .Select(f => SKFontManager.Default.MatchFamily(f)).FirstOrDefault(t => t?.ContainsGlyph(c) == true));

    private static float MeasureMixed(string text, SKFont font)
    {
        float width = 0;
        foreach (var (run, face) in Runs(text, font.Typeface))
        {
            using var f = new SKFont(face, font.Size);
            width += f.MeasureText(run);
        }
        return width;
    }

    private static void DrawMixed(SKCanvas canvas, string text, float x, float y, SKFont font, SKPaint paint)
    {
        foreach (var (run, face) in Runs(text, font.Typeface))
        {
            using var f = new SKFont(face, font.Size);
            canvas.DrawText(run, x, y, SKTextAlign.Left, f, paint);
            x += f.MeasureText(run);
        }
    }

    /// <summary>Writes <see cref="ToPng(Tensor, int, int, int)"/> to <paramref name="path"/> atomically (temporary file, then rename).</summary>
    public static void Save(string path, Tensor images, int columns = 8, int scale = 2, int padding = 2) =>
        WriteAtomically(path, ToPng(images, columns, scale, padding));

    /// <summary>Writes <see cref="ToPng(IReadOnlyList{Tensor}, int, int)"/> to <paramref name="path"/> atomically.</summary>
    public static void Save(string path, IReadOnlyList<Tensor> rows, int scale = 2, int padding = 2) =>
        WriteAtomically(path, ToPng(rows, scale, padding));

    /// <summary>PNG encoding of a bitmap.</summary>
    public static byte[] Encode(SKBitmap bitmap)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>Writes bytes through a temporary file in the target folder, so a crash never leaves half a file.</summary>
    internal static void WriteAtomically(string path, byte[] bytes)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllBytes(temp, bytes);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    private static Tensor Flatten(Tensor images)
    {
        var shape = images.shape;
        bool ok = (shape.Length == 2 && shape[1] == Side * Side)
            || (shape.Length == 3 && shape[1] == Side && shape[2] == Side)
            || (shape.Length == 4 && shape[1] == 1 && shape[2] == Side && shape[3] == Side);
        if (!ok)
            throw new ArgumentException($"Images must be [n, 784], [n, 28, 28] or [n, 1, 28, 28]; got [{string.Join(", ", shape)}].", nameof(images));
        return images.reshape(-1, Side * Side);
    }

    private static float[] Pixels(Tensor images)
    {
        using var scope = NewDisposeScope();
        return Flatten(images).detach().to(CPU).to_type(ScalarType.Float32).contiguous().data<float>().ToArray();
    }
}
