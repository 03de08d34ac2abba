using Dgdmn.Data;
using Dgdmn.Reporting;
using SkiaSharp;
using static TorchSharp.torch;

namespace Dgdmn.Tests.Reporting;

public sealed class ImageGridTests
{
    [Fact]
    public void PngDecodesWithTheExpectedSizeAndPixels()
    {
        using var images = zeros(10, 784);
        images[0].fill_(1f);                                  // first image all ink
        var png = ImageGrid.ToPng(images, columns: 4, scale: 2, padding: 1);
        using var bitmap = SKBitmap.Decode(png);
        Assert.NotNull(bitmap);
        Assert.Equal(4 * 56 + 5, bitmap.Width);               // 4 cells of 28·2 px, 5 gutters
        Assert.Equal(3 * 56 + 4, bitmap.Height);              // ceil(10 / 4) = 3 rows
        Assert.Equal(SKColors.White, bitmap.GetPixel(2, 2));
        Assert.Equal(SKColors.Black, bitmap.GetPixel(1 + 57 + 2, 2));   // second image, blank
        Assert.NotEqual(SKColors.Black, bitmap.GetPixel(0, 0));         // gutter
    }

    [Fact]
    public void StreamPreviewWritesOneRowPerTaskAtomically()
    {
        var tasks = Enumerable.Range(0, 3).Select(i =>
            new ContinualTask(i, $"t{i}", full(4, 784, 0.5f), zeros(4, dtype: ScalarType.Int64), linspace(0, 1, 5 * 784).reshape(5, 784), zeros(5, dtype: ScalarType.Int64))).ToList();
        using var stream = new TaskStream("toy", 3, tasks);
        var dir = Path.Combine(Path.GetTempPath(), "dgdmn-grid-" + Guid.NewGuid().ToString("N"));
        try
        {
            var path = Path.Combine(dir, "preview.png");
            StreamPreview.Save(stream, path, perTask: 4, scale: 1);
            Assert.Equal(new[] { "preview.png" }, Directory.GetFiles(dir).Select(Path.GetFileName));
            using var bitmap = SKBitmap.Decode(path);
            // The grid itself (4 × 28 + gutters wide, 3 rows) plus a margin at the left for "task k: name" and, on top,
            // one for the column title and one for the sample indices.
            Assert.True(bitmap.Width > 4 * 28 + 5 * 2 + 30, $"width {bitmap.Width}: no room for row labels");
            Assert.Equal(3 * 28 + 4 * 2 + 22 + 16, bitmap.Height);
            int gridLeft = Enumerable.Range(0, bitmap.Width).First(x => bitmap.GetPixel(x, 22 + 16) == new SKColor(96, 96, 96));   // the grid's top gutter
            Assert.True(Enumerable.Range(gridLeft, 28).Any(x => Enumerable.Range(22, 16).Any(y => bitmap.GetPixel(x, y).Red < 128)), "no column index above the first column");
            Assert.True(Enumerable.Range(0, 20).Any(x => Enumerable.Range(0, bitmap.Height).Any(y => bitmap.GetPixel(x, y).Red < 128)), "no label ink at the left");
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void LabelledGridsNeedOneLabelPerRow()
    {
        using var scope = NewDisposeScope();
        Tensor[] rows = [zeros(2, 784), ones(3, 784)];
        var e = Assert.Throws<ArgumentException>(() => ImageGrid.ToPng(rows, ["only one"]));
        Assert.Contains("one label per row", e.Message);
        using var labelled = SKBitmap.Decode(ImageGrid.ToPng(rows, ["clean", "its reconstruction"], "columns"));
        using var plain = SKBitmap.Decode(ImageGrid.ToPng(rows));
        Assert.True(labelled.Width > plain.Width && labelled.Height == plain.Height + 22);
        Assert.Contains("one label per column", Assert.Throws<ArgumentException>(() => ImageGrid.ToPng(rows, ["a", "b"], columnLabels: ["1", "2"])).Message);
        using var numbered = SKBitmap.Decode(ImageGrid.ToPng(rows, ["a", "b"], null, columnLabels: ["1", "2", "3"]));
        Assert.Equal(plain.Height + 16, numbered.Height);
        // A title longer than a narrow grid widens the picture instead of being cut off.
        using var titled = SKBitmap.Decode(ImageGrid.ToPng(rows, ["a", "b"], "a column title far wider than three small images side by side"));
        Assert.True(titled.Width > plain.Width + 200, $"width {titled.Width}: the title was clipped to the grid's {plain.Width} px");
    }

    [Fact]
    public void RowLabelsInAnotherScriptAreDrawnInAFontThatHasThem()
    {
        // The default Latin font lacks Devanagari: drawn with it, क and ख would both be the same missing-glyph box.
        if (!SKFontManager.Default.FontFamilies.Any(f => SKFontManager.Default.MatchFamily(f)?.ContainsGlyph(0x0915) == true))
            return;   // no Devanagari font installed (CI installs them for the Hindi stream)
        using var scope = NewDisposeScope();
        Tensor[] rows = [zeros(1, 784)];
        using var ka = SKBitmap.Decode(ImageGrid.ToPng(rows, ["\u0915"]));
        using var kha = SKBitmap.Decode(ImageGrid.ToPng(rows, ["\u0916"]));
        bool Same() => ka.Width == kha.Width && Enumerable.Range(0, ka.Width).All(x => Enumerable.Range(0, ka.Height).All(y => ka.GetPixel(x, y) == kha.GetPixel(x, y)));
        Assert.False(Same(), "क and ख render identically: the label fell back to a missing-glyph box");
        using var mixed = SKBitmap.Decode(ImageGrid.ToPng(rows, ["task 1: \u0915 ka"]));
        using var latin = SKBitmap.Decode(ImageGrid.ToPng(rows, ["task 1: ka"]));
        Assert.True(mixed.Width > latin.Width, $"width {mixed.Width} vs {latin.Width} without the consonant");
    }
}
