using SkiaSharp;
using static TorchSharp.torch;

namespace Dgdmn.Data;

/// <summary>
/// The Shapes benchmark (paper: 6 tasks; spec §4.4, a procedural substitute for the unobtainable original):
/// six one-class tasks, each an outline shape drawn at a random size, position, rotation and stroke width,
/// white on black, anti-aliased at 112×112 and area-downsampled to 28×28. Label = task index, 6-way head.
/// </summary>
public static class Shapes
{
    /// <summary>Task names in stream order; task k has label k.</summary>
    public static IReadOnlyList<string> TaskNames { get; } =
        ["circle", "square", "triangle", "hexagon", "star", "zigzag"];

    /// <summary>
    /// Builds the six tasks. Train and test images of task k come from separate generators
    /// (<c>Seeds.Random(seed, "shapes", "train"|"test", k)</c>), so the same seed gives identical tensors.
    /// </summary>
    /// <param name="options">Seed, per-task caps (a capped split is a prefix of the full one) and device.</param>
    /// <param name="shapes">Drawing parameters (null: <see cref="ShapesOptions.Paper"/>).</param>
    /// <returns>A stream of 6 tasks; images [n, 784] float32 in [0, 1], labels [n] int64 = task index.</returns>
    public static TaskStream Create(StreamOptions options, ShapesOptions? shapes = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        shapes ??= ShapesOptions.Paper;
        shapes.Validate();
        int nTrain = Raster.Capped(shapes.TrainPerShape, options.TrainPerTask, nameof(StreamOptions.TrainPerTask));
        int nTest = Raster.Capped(shapes.TestPerShape, options.TestPerTask, nameof(StreamOptions.TestPerTask));

        using var painter = new Painter(shapes);
        return Raster.OneClassStream("shapes", TaskNames, options, nTrain, nTest, (k, _, n, random) => painter.Render(k, n, random));
    }

    /// <summary>Draws shapes onto one reused canvas, path and paint.</summary>
    private sealed class Painter(ShapesOptions o) : IDisposable
    {
        private readonly Raster _raster = new();
        private readonly SKPath _path = new();
        private readonly SKPaint _paint = new()
        {
            Color = SKColors.White,
            IsAntialias = true,
            Style = SKPaintStyle.Stroke,
            // Round joins and caps keep the ink within half a stroke of the geometry, so the margin holds.
            StrokeJoin = SKStrokeJoin.Round,
            StrokeCap = SKStrokeCap.Round,
        };
        private readonly SKPoint[] _points = new SKPoint[10];

        /// <summary>[count, 784] images of one shape, drawn in order from <paramref name="rng"/>.</summary>
        public Tensor Render(int shape, int count, Random rng) => _raster.Render(count, () => Draw(shape, rng));

        /// <summary>Draws one random instance; every random draw happens here, in a fixed order.</summary>
        private void Draw(int shape, Random rng)
        {
            double r = Uniform(rng, o.MinRadius, o.MaxRadius);
            double theta = rng.NextDouble() * 2 * Math.PI;
            double stroke = Uniform(rng, o.MinStroke, o.MaxStroke);
            double amplitude = shape == 5 ? Uniform(rng, o.MinZigzagAmplitude, o.MaxZigzagAmplitude) * r : 0;

            int n = Outline(shape, r, theta, amplitude);
            float minX, maxX, minY, maxY;
            if (shape == 0) { minX = minY = (float)-r; maxX = maxY = (float)r; }
            else
            {
                minX = minY = float.MaxValue; maxX = maxY = float.MinValue;
                for (int j = 0; j < n; j++)
                {
                    minX = Math.Min(minX, _points[j].X); maxX = Math.Max(maxX, _points[j].X);
                    minY = Math.Min(minY, _points[j].Y); maxY = Math.Max(maxY, _points[j].Y);
                }
            }
            double half = stroke / 2;
            double cx = Centre(rng, minX - half, maxX + half);
            double cy = Centre(rng, minY - half, maxY + half);

            // Geometry is in 28-px units about the origin; the canvas is 4x finer.
            const float s = Raster.Factor;
            _path.Reset();
            if (shape == 0) _path.AddCircle((float)(cx * s), (float)(cy * s), (float)(r * s));
            else
            {
                _path.MoveTo((float)((cx + _points[0].X) * s), (float)((cy + _points[0].Y) * s));
                for (int j = 1; j < n; j++) _path.LineTo((float)((cx + _points[j].X) * s), (float)((cy + _points[j].Y) * s));
                if (shape != 5) _path.Close();
            }
            _paint.StrokeWidth = (float)(stroke * s);
            _raster.Clear();
            _raster.Canvas.DrawPath(_path, _paint);
        }

        /// <summary>Vertices about the origin into <see cref="_points"/>; returns how many (0 for the circle).</summary>
        private int Outline(int shape, double r, double theta, double amplitude)
        {
            switch (shape)
            {
                case 0: return 0;
                case 1: return Regular(4, r, theta);
                case 2: return Regular(3, r, theta);
                case 3: return Regular(6, r, theta);
                case 4:
                    for (int j = 0; j < 10; j++)
                    {
                        double radius = j % 2 == 0 ? r : r * o.StarInnerRatio;
                        double a = theta + j * Math.PI / 5;
                        _points[j] = new SKPoint((float)(radius * Math.Cos(a)), (float)(radius * Math.Sin(a)));
                    }
                    return 10;
                case 5:
                    // Open 4-segment polyline spanning [-R, R], peaks alternating at +A and -A, then rotated.
                    double cos = Math.Cos(theta), sin = Math.Sin(theta);
                    for (int j = 0; j < 5; j++)
                    {
                        double x = -r + j * r / 2, y = j % 2 == 0 ? amplitude : -amplitude;
                        _points[j] = new SKPoint((float)(x * cos - y * sin), (float)(x * sin + y * cos));
                    }
                    return 5;
                default: throw new ArgumentOutOfRangeException(nameof(shape), shape, "Shape index must be 0..5.");
            }
        }

        private int Regular(int sides, double r, double theta)
        {
            for (int j = 0; j < sides; j++)
            {
                double a = theta + j * 2 * Math.PI / sides;
                _points[j] = new SKPoint((float)(r * Math.Cos(a)), (float)(r * Math.Sin(a)));
            }
            return sides;
        }

        /// <summary>
        /// A centre coordinate, uniform over the positions that keep [lo, hi] (extent about the centre, outline
        /// included) inside the margin; when the shape is too big for that, it is centred in the image.
        /// </summary>
        private double Centre(Random rng, double lo, double hi)
        {
            double from = o.Margin - lo, to = Raster.LowSize - o.Margin - hi;
            double u = rng.NextDouble();                       // drawn even when unused: fixed draw order
            return from <= to ? from + u * (to - from) : (from + to) / 2;
        }

        private static double Uniform(Random rng, double lo, double hi) => lo + rng.NextDouble() * (hi - lo);

        public void Dispose()
        {
            _paint.Dispose();
            _path.Dispose();
            _raster.Dispose();
        }
    }
}
