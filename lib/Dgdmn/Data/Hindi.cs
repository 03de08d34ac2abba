using SkiaSharp;
using SkiaSharp.HarfBuzz;
using static TorchSharp.torch;

namespace Dgdmn.Data;

/// <summary>
/// The Hindi benchmark (paper: 8 tasks; spec §4.5, a font-rendered substitute for the unobtainable original):
/// eight one-class tasks, one Devanagari consonant each, drawn in a random installed font with a random extra
/// stroke and affine distortion, white on black, at 112×112, then area-downsampled to 28×28.
/// Label = task index, 8-way head.
/// </summary>
public static class Hindi
{
    /// <summary>The consonants in stream order, task k = character k: क ख ग घ च ज त प (U+0915 … U+092A).</summary>
    public const string Characters = "\u0915\u0916\u0917\u0918\u091A\u091C\u0924\u092A";

    /// <summary>Task names in stream order: each consonant with its transliteration.</summary>
    public static IReadOnlyList<string> TaskNames { get; } =
        ["\u0915 ka", "\u0916 kha", "\u0917 ga", "\u0918 gha", "\u091A ca", "\u091C ja", "\u0924 ta", "\u092A pa"];

    /// <summary>
    /// The fonts the stream draws from: every font under <see cref="HindiOptions.FontDirectories"/> with a glyph
    /// for all eight consonants, deduplicated and sorted by path.
    /// </summary>
    /// <exception cref="InvalidOperationException">Fewer than <see cref="HindiOptions.MinimumFonts"/> found; the
    /// message names the folders searched and the apt command that installs the spec's fonts.</exception>
    public static IReadOnlyList<string> Fonts(HindiOptions? hindi = null)
    {
        hindi ??= HindiOptions.Paper;
        hindi.Validate();
        return FontCatalog.Require(hindi.FontDirectories, Characters, hindi.MinimumFonts);
    }

    /// <summary>
    /// Builds the eight tasks. Each image picks its font uniformly; train and test images of task k come from
    /// separate generators (<c>Seeds.Random(seed, "hindi", "train"|"test", k)</c>), so the same seed and the
    /// same installed fonts give identical tensors.
    /// </summary>
    /// <param name="options">Seed, per-task caps (a capped split is a prefix of the full one) and device.</param>
    /// <param name="hindi">Fonts and augmentation (null: <see cref="HindiOptions.Paper"/>).</param>
    /// <returns>A stream of 8 tasks; images [n, 784] float32 in [0, 1], labels [n] int64 = task index.</returns>
    /// <exception cref="InvalidOperationException">Too few fonts (see <see cref="Fonts"/>).</exception>
    public static TaskStream Create(StreamOptions options, HindiOptions? hindi = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        hindi ??= HindiOptions.Paper;
        var fonts = Fonts(hindi);
        if (hindi.HoldOutFonts >= fonts.Count)
            throw new ArgumentException($"HindiOptions.HoldOutFonts ({hindi.HoldOutFonts}) must be less than the {fonts.Count} fonts found, so training keeps at least one.");
        int nTrain = Raster.Capped(hindi.TrainPerCharacter, options.TrainPerTask, nameof(StreamOptions.TrainPerTask));
        int nTest = Raster.Capped(hindi.TestPerCharacter, options.TestPerTask, nameof(StreamOptions.TestPerTask));
        var (trainFonts, testFonts) = SplitFonts(fonts.Count, hindi.HoldOutFonts, options.Seed);

        using var painter = new Painter(fonts, hindi);
        return Raster.OneClassStream("hindi", TaskNames, options, nTrain, nTest,
            (k, isTest, n, random) => painter.Render(k, isTest ? testFonts : trainFonts, n, random));
    }

    /// <summary>Font indices per split: all fonts in both, or a seeded held-out set used only for test.</summary>
    internal static (int[] Train, int[] Test) SplitFonts(int count, int holdOut, long seed)
    {
        var all = Enumerable.Range(0, count).ToArray();
        if (holdOut == 0) return (all, all);
        var shuffled = (int[])all.Clone();
        Seeds.Random(seed, "hindi", "holdout-fonts").Shuffle(shuffled);
        var test = shuffled.Take(holdOut).Order().ToArray();
        return (all.Except(test).ToArray(), test);
    }

    /// <summary>
    /// Holds every (font, consonant) outline, shaped once with HarfBuzz and normalised so that the longer side
    /// of its box is <see cref="HindiOptions.GlyphBox"/> and its fill's centre of mass is the origin; then draws
    /// augmented copies onto one reused canvas.
    /// </summary>
    private sealed class Painter : IDisposable
    {
        private readonly HindiOptions _o;
        private readonly SKPath[,] _glyphs;                  // [font, character], 112-px units, fill's centre of mass at (0, 0)
        private readonly Raster _raster = new();
        private readonly SKPath _work = new();
        private readonly SKPaint _fill = new() { Color = SKColors.White, IsAntialias = true, Style = SKPaintStyle.Fill };
        private readonly SKPaint _stroke = new()
        {
            Color = SKColors.White, IsAntialias = true, Style = SKPaintStyle.Stroke,
            StrokeJoin = SKStrokeJoin.Round, StrokeCap = SKStrokeCap.Round,
        };

        public Painter(IReadOnlyList<string> fonts, HindiOptions o)
        {
            _o = o;
            _glyphs = new SKPath[fonts.Count, Characters.Length];
            try
            {
                for (int f = 0; f < fonts.Count; f++) LoadFont(f, fonts[f]);
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        private void LoadFont(int f, string file)
        {
            using var typeface = SKTypeface.FromFile(file)
                ?? throw new InvalidOperationException($"Font '{file}' could not be opened by SkiaSharp; remove it from HindiOptions.FontDirectories.");
            using var font = new SKFont(typeface, 100);
            using var shaper = new SKShaper(typeface);
            float box = (float)(_o.GlyphBox * Raster.Factor);
            for (int c = 0; c < Characters.Length; c++)
            {
                var path = new SKPath();
                _glyphs[f, c] = path;
                var shaped = shaper.Shape(Characters[c].ToString(), font);
                for (int g = 0; g < shaped.Codepoints.Length; g++)
                {
                    using var outline = font.GetGlyphPath((ushort)shaped.Codepoints[g]);
                    if (outline is not null) path.AddPath(outline, shaped.Points[g].X, shaped.Points[g].Y);
                }
                var bounds = path.TightBounds;
                if (path.IsEmpty || bounds.Width <= 0 || bounds.Height <= 0)
                    throw new InvalidOperationException($"Font '{file}' gives an empty outline for '{Characters[c]}'; remove it from HindiOptions.FontDirectories.");

                // Longer side of the box to GlyphBox, box centred on the canvas, then move the fill's centre of mass to the origin.
                float k = box / Math.Max(bounds.Width, bounds.Height);
                path.Transform(SKMatrix.CreateScale(k, k).PreConcat(SKMatrix.CreateTranslation(-bounds.MidX, -bounds.MidY)));
                _raster.Clear();
                _raster.Canvas.Translate(Raster.HighSize / 2f, Raster.HighSize / 2f);
                _raster.Canvas.DrawPath(path, _fill);
                var com = _raster.CentreOfMass()
                    ?? throw new InvalidOperationException($"Font '{file}' draws no ink for '{Characters[c]}'; remove it from HindiOptions.FontDirectories.");
                // The fill was drawn shifted by the canvas centre, so this puts its centre of mass at the origin.
                path.Transform(SKMatrix.CreateTranslation(Raster.HighSize / 2f - com.X, Raster.HighSize / 2f - com.Y));
            }
        }

        /// <summary>[count, 784] images of one consonant in the given fonts, drawn in order from <paramref name="rng"/>.</summary>
        public Tensor Render(int character, int[] fonts, int count, Random rng) =>
            _raster.Render(count, () => Draw(character, fonts, rng));

        /// <summary>Draws one augmented sample; every random draw happens here, in a fixed order.</summary>
        private void Draw(int character, int[] fonts, Random rng)
        {
            int font = fonts[rng.Next(fonts.Length)];
            double stroke = rng.NextDouble() * _o.MaxExtraStroke;
            double rotation = Symmetric(rng, _o.MaxRotationDegrees);
            double scale = _o.MinScale + rng.NextDouble() * (_o.MaxScale - _o.MinScale);
            double shear = Symmetric(rng, _o.MaxShear);
            double dx = Symmetric(rng, _o.MaxShift), dy = Symmetric(rng, _o.MaxShift);

            // An affine map sends the fill's centre of mass to the image of it, so the sample stays centred by
            // mass before the shift, as in MNIST.
            const float s = Raster.Factor;
            float centre = Raster.HighSize / 2f;
            var m = SKMatrix.CreateTranslation(centre + (float)dx * s, centre + (float)dy * s)
                .PreConcat(SKMatrix.CreateRotationDegrees((float)rotation))
                .PreConcat(SKMatrix.CreateSkew((float)shear, 0))
                .PreConcat(SKMatrix.CreateScale((float)scale, (float)scale));
            _glyphs[font, character].Transform(m, _work);

            _raster.Clear();
            _raster.Canvas.DrawPath(_work, _fill);
            // Skia draws a zero-width stroke as a hairline, so a negligible stroke is skipped instead.
            float width = (float)(stroke * s);
            if (width > 1e-3f)
            {
                _stroke.StrokeWidth = width;
                _raster.Canvas.DrawPath(_work, _stroke);
            }
        }

        private static double Symmetric(Random rng, double max) => (2 * rng.NextDouble() - 1) * max;

        public void Dispose()
        {
            foreach (var p in _glyphs) p?.Dispose();
            _work.Dispose();
            _fill.Dispose();
            _stroke.Dispose();
            _raster.Dispose();
        }
    }
}
