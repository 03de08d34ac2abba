using Dgdmn.Data;
using static TorchSharp.torch;

namespace Dgdmn.Tests.Data;

public sealed class HindiTests
{
    private static readonly StreamOptions Small = new() { Seed = 5, TrainPerTask = 60, TestPerTask = 20 };

    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    [Fact]
    public void EightOneClassTasksInTheSpecOrderWithCappedCountsAndLabels()
    {
        using var stream = Hindi.Create(Small);
        Assert.Equal("hindi", stream.Name);
        Assert.Equal(8, stream.Classes);
        Assert.Equal(new[] { 0x915, 0x916, 0x917, 0x918, 0x91A, 0x91C, 0x924, 0x92A }, Hindi.Characters.Select(c => (int)c));
        Assert.All(stream, t => Assert.StartsWith(Hindi.Characters[t.Id].ToString(), t.Name));
        foreach (var task in stream)
        {
            Assert.Equal(new long[] { 60, 784 }, task.TrainX.shape);
            Assert.Equal(new long[] { 20, 784 }, task.TestX.shape);
            Assert.Equal(ScalarType.Float32, task.TrainX.dtype);
            Assert.Equal(ScalarType.Int64, task.TestY.dtype);
            Assert.True(task.TrainY.eq(task.Id).all().item<bool>(), $"train labels of task {task.Id}");
            Assert.True(task.TestY.eq(task.Id).all().item<bool>(), $"test labels of task {task.Id}");
        }
    }

    [Fact]
    public void PixelsLieInTheUnitRangeWithRealInkInEveryImage()
    {
        using var stream = Hindi.Create(Small);
        foreach (var task in stream)
        {
            using var scope = NewDisposeScope();
            var x = cat(new[] { task.TrainX, task.TestX }, 0);
            Assert.True(x.min().item<float>() >= 0f && x.max().item<float>() <= 1f, $"{task.Name}: pixels outside [0, 1]");
            Assert.True(x.amax(1).min().item<float>() > 0.9f, $"{task.Name}: an image has no solid stroke");
            Assert.True(x.mean(new long[] { 1 }).min().item<float>() > 0.05f, $"{task.Name}: an image is (nearly) blank");
            Assert.InRange(x.mean().item<float>(), 0.08f, 0.45f);
        }
    }

    [Fact]
    public void GlyphsAreCentredByMass()
    {
        // With the affine augmentation off, every image's centre of mass sits at the image centre (within the
        // quarter pixel the 112 -> 28 grid and the stroke allow).
        var still = new HindiOptions { MaxRotationDegrees = 0, MinScale = 1, MaxScale = 1, MaxShear = 0, MaxShift = 0, MaxExtraStroke = 0 };
        using var stream = Hindi.Create(Small with { TrainPerTask = 12, TestPerTask = 0 }, still);
        var coordinate = arange(28, dtype: ScalarType.Float32) + 0.5f;
        foreach (var task in stream)
        {
            using var scope = NewDisposeScope();
            var im = task.TrainX.reshape(-1, 28, 28);
            var mass = im.sum(new long[] { 1, 2 });
            var cy = (im.sum(2) * coordinate).sum(1) / mass;
            var cx = (im.sum(1) * coordinate).sum(1) / mass;
            Assert.True((cx - 14).abs().max().item<float>() < 0.25f, $"{task.Name}: x centre of mass off by {(cx - 14).abs().max().item<float>()}");
            Assert.True((cy - 14).abs().max().item<float>() < 0.25f, $"{task.Name}: y centre of mass off by {(cy - 14).abs().max().item<float>()}");
        }
    }

    [Fact]
    public void SameSeedGivesIdenticalTensorsAndAnotherSeedDifferent()
    {
        using var a = Hindi.Create(Small);
        using var b = Hindi.Create(Small);
        using var c = Hindi.Create(Small with { Seed = 6 });
        for (int k = 0; k < a.Count; k++)
        {
            Assert.True(Same(a[k].TrainX, b[k].TrainX) && Same(a[k].TestX, b[k].TestX), $"task {k} not reproducible");
            Assert.False(Same(a[k].TrainX, c[k].TrainX), $"task {k} ignores the seed");
        }
    }

    [Fact]
    public void TrainAndTestImagesDiffer()
    {
        using var stream = Hindi.Create(Small);
        foreach (var task in stream)
        {
            using var scope = NewDisposeScope();
            Assert.True(cdist(task.TestX, task.TrainX).min().item<float>() > 0.1f, $"{task.Name}: a test image repeats a train image");
        }
    }

    [Fact]
    public void FontsAreDevanagariCapableDeduplicatedAndSortedByPath()
    {
        var fonts = Hindi.Fonts();
        Assert.True(fonts.Count >= 3);
        Assert.Equal(fonts.Order(StringComparer.Ordinal), fonts);

        // A copy of a font counts once, and a file that is not a font is ignored.
        var dir = Directory.CreateTempSubdirectory("dgdmn-fonts-");
        try
        {
            File.Copy(fonts[0], Path.Combine(dir.FullName, "a" + Path.GetExtension(fonts[0])));
            File.Copy(fonts[0], Path.Combine(dir.FullName, "b" + Path.GetExtension(fonts[0])));
            File.WriteAllBytes(Path.Combine(dir.FullName, "broken.ttf"), new byte[] { 1, 2, 3, 4 });
            var found = FontCatalog.Find([dir.FullName], Hindi.Characters);
            Assert.Equal([Path.Combine(dir.FullName, "a" + Path.GetExtension(fonts[0]))], found);
            Assert.Empty(FontCatalog.Find([dir.FullName], "\u0B95"));   // Tamil KA: not in a Devanagari font
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public void TooFewFontsFailsNamingTheFolderAndTheFix()
    {
        var dir = Directory.CreateTempSubdirectory("dgdmn-nofonts-");
        try
        {
            var error = Assert.Throws<InvalidOperationException>(() => Hindi.Create(Small, new HindiOptions { FontDirectories = [dir.FullName] }));
            Assert.Contains(dir.FullName, error.Message);
            Assert.Contains("apt-get install", error.Message);
            Assert.Contains("fonts-lohit-deva", error.Message);
            Assert.Contains("FontDirectories", error.Message);
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public void HeldOutFontsAreASeededDisjointTestOnlySubset()
    {
        var (train, test) = Hindi.SplitFonts(12, 4, seed: 5);
        Assert.Equal(4, test.Length);
        Assert.Empty(train.Intersect(test));
        Assert.Equal(Enumerable.Range(0, 12), train.Concat(test).Order());
        Assert.Equal(test, Hindi.SplitFonts(12, 4, seed: 5).Test);
        var (allTrain, allTest) = Hindi.SplitFonts(12, 0, seed: 5);
        Assert.Equal(Enumerable.Range(0, 12), allTrain);
        Assert.Equal(Enumerable.Range(0, 12), allTest);

        var fonts = Hindi.Fonts().Count;
        var error = Assert.Throws<ArgumentException>(() => Hindi.Create(Small, new HindiOptions { HoldOutFonts = fonts }));
        Assert.Contains("HoldOutFonts", error.Message);
        using var held = Hindi.Create(Small with { TrainPerTask = 10, TestPerTask = 10 }, new HindiOptions { HoldOutFonts = 2 });
        Assert.All(held, t => Assert.Equal((10, 10), (t.TrainCount, t.TestCount)));
    }

    [Fact]
    public void ASmallMlpLearnsTheEightConsonantsJointly()
    {
        using var stream = Hindi.Create(new StreamOptions { Seed = 11, TrainPerTask = 300, TestPerTask = 100 });
        double accuracy = MlpProbe.JointAccuracy(stream, epochs: 12, seed: 11);
        Assert.True(accuracy > 0.90, $"joint test accuracy {accuracy:P1} <= 90%");
    }
}
