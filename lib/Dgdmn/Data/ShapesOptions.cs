namespace Dgdmn.Data;

/// <summary>
/// Drawing parameters of the Shapes stream (spec §4.4). Lengths are in 28-px units; the defaults are the
/// spec's values. Sample counts are capped further by <see cref="StreamOptions.TrainPerTask"/> and
/// <see cref="StreamOptions.TestPerTask"/>.
/// </summary>
public sealed record ShapesOptions
{
    /// <summary>Training images per shape (spec §3.5: 6,000).</summary>
    public int TrainPerShape { get; init; } = 6000;

    /// <summary>Test images per shape (spec §3.5: 1,000).</summary>
    public int TestPerShape { get; init; } = 1000;

    /// <summary>Smallest size R: circumradius, or half span of the zigzag (spec §4.4: 5).</summary>
    public double MinRadius { get; init; } = 5;

    /// <summary>Largest size R (spec §4.4: 11).</summary>
    public double MaxRadius { get; init; } = 11;

    /// <summary>Thinnest outline (spec §4.4: 1.0).</summary>
    public double MinStroke { get; init; } = 1.0;

    /// <summary>Thickest outline (spec §4.4: 3.0).</summary>
    public double MaxStroke { get; init; } = 3.0;

    /// <summary>Blank border the whole shape, outline included, stays inside when it fits (spec §4.4: 2).</summary>
    public double Margin { get; init; } = 2;

    /// <summary>Inner over outer radius of the 5-point star (spec §4.4: 0.4).</summary>
    public double StarInnerRatio { get; init; } = 0.4;

    /// <summary>Smallest zigzag amplitude as a fraction of R (spec §4.4: 0.3).</summary>
    public double MinZigzagAmplitude { get; init; } = 0.3;

    /// <summary>Largest zigzag amplitude as a fraction of R (spec §4.4: 0.6).</summary>
    public double MaxZigzagAmplitude { get; init; } = 0.6;

    /// <summary>The spec's settings.</summary>
    public static ShapesOptions Paper { get; } = new();

    /// <summary>Same drawing as <see cref="Paper"/>; quick scale comes from <see cref="StreamOptions.Quick"/>'s caps.</summary>
    public static ShapesOptions Quick { get; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> naming the first field out of range.</summary>
    public void Validate()
    {
        if (TrainPerShape < 0) throw new ArgumentException($"ShapesOptions.TrainPerShape must be >= 0 (got {TrainPerShape}).");
        if (TestPerShape < 0) throw new ArgumentException($"ShapesOptions.TestPerShape must be >= 0 (got {TestPerShape}).");
        if (!(MinRadius > 0 && MinRadius <= MaxRadius))
            throw new ArgumentException($"ShapesOptions.MinRadius/MaxRadius must satisfy 0 < MinRadius <= MaxRadius (got {MinRadius}, {MaxRadius}).");
        if (MaxRadius > 14) throw new ArgumentException($"ShapesOptions.MaxRadius must be <= 14 so a shape fits the 28-px image (got {MaxRadius}).");
        if (!(MinStroke > 0 && MinStroke <= MaxStroke))
            throw new ArgumentException($"ShapesOptions.MinStroke/MaxStroke must satisfy 0 < MinStroke <= MaxStroke (got {MinStroke}, {MaxStroke}).");
        if (!(Margin >= 0 && Margin < 14)) throw new ArgumentException($"ShapesOptions.Margin must be in [0, 14) (got {Margin}).");
        if (!(StarInnerRatio > 0 && StarInnerRatio < 1)) throw new ArgumentException($"ShapesOptions.StarInnerRatio must be in (0, 1) (got {StarInnerRatio}).");
        if (!(MinZigzagAmplitude > 0 && MinZigzagAmplitude <= MaxZigzagAmplitude && MaxZigzagAmplitude <= 1))
            throw new ArgumentException($"ShapesOptions.MinZigzagAmplitude/MaxZigzagAmplitude must satisfy 0 < min <= max <= 1 (got {MinZigzagAmplitude}, {MaxZigzagAmplitude}).");
    }
}
