namespace Dgdmn.Data;

/// <summary>
/// Font and augmentation parameters of the Hindi stream (spec §4.5). Lengths are in 28-px units; the defaults
/// are the spec's values. Sample counts are capped further by <see cref="StreamOptions.TrainPerTask"/> and
/// <see cref="StreamOptions.TestPerTask"/>.
/// </summary>
public sealed record HindiOptions
{
    /// <summary>
    /// Folders searched recursively for Devanagari fonts (project default: <c>/usr/share/fonts</c>, where the
    /// Debian font packages of spec §4.5 install).
    /// </summary>
    public IReadOnlyList<string> FontDirectories { get; init; } = [FontCatalog.SystemFontDirectory];

    /// <summary>
    /// Number of fonts, chosen from the seed, that are used only for test images (project default: 0, every
    /// font in both splits). When positive, train uses the other fonts and test uses only these, which
    /// measures generalisation to unseen fonts.
    /// </summary>
    public int HoldOutFonts { get; init; }

    /// <summary>Fewest fonts the stream accepts (spec §4.5: 3).</summary>
    public int MinimumFonts { get; init; } = 3;

    /// <summary>Training images per character (spec §3.6: 6,000).</summary>
    public int TrainPerCharacter { get; init; } = 6000;

    /// <summary>Test images per character (spec §3.6: 1,000).</summary>
    public int TestPerCharacter { get; init; } = 1000;

    /// <summary>Longer side of the glyph's box before augmentation (spec §4.5: 20).</summary>
    public double GlyphBox { get; init; } = 20;

    /// <summary>Widest extra stroke over the fill; width is U[0, this] (spec §4.5: 1.2).</summary>
    public double MaxExtraStroke { get; init; } = 1.2;

    /// <summary>Largest rotation in degrees; rotation is U[-this, this] (spec §4.5: 15).</summary>
    public double MaxRotationDegrees { get; init; } = 15;

    /// <summary>Smallest scale factor (spec §4.5: 0.85).</summary>
    public double MinScale { get; init; } = 0.85;

    /// <summary>Largest scale factor (spec §4.5: 1.10).</summary>
    public double MaxScale { get; init; } = 1.10;

    /// <summary>Largest horizontal shear; shear is U[-this, this] (spec §4.5: 0.2).</summary>
    public double MaxShear { get; init; } = 0.2;

    /// <summary>Largest shift per axis; shift is U[-this, this] (spec §4.5: 2).</summary>
    public double MaxShift { get; init; } = 2;

    /// <summary>The spec's settings.</summary>
    public static HindiOptions Paper { get; } = new();

    /// <summary>Same rendering as <see cref="Paper"/>; quick scale comes from <see cref="StreamOptions.Quick"/>'s caps.</summary>
    public static HindiOptions Quick { get; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> naming the first field out of range.</summary>
    public void Validate()
    {
        if (FontDirectories is null || FontDirectories.Count == 0)
            throw new ArgumentException("HindiOptions.FontDirectories must name at least one folder (default: /usr/share/fonts).");
        if (HoldOutFonts < 0) throw new ArgumentException($"HindiOptions.HoldOutFonts must be >= 0 (got {HoldOutFonts}).");
        if (MinimumFonts < 1) throw new ArgumentException($"HindiOptions.MinimumFonts must be >= 1 (got {MinimumFonts}).");
        if (TrainPerCharacter < 0) throw new ArgumentException($"HindiOptions.TrainPerCharacter must be >= 0 (got {TrainPerCharacter}).");
        if (TestPerCharacter < 0) throw new ArgumentException($"HindiOptions.TestPerCharacter must be >= 0 (got {TestPerCharacter}).");
        if (!(GlyphBox > 0 && GlyphBox <= 28)) throw new ArgumentException($"HindiOptions.GlyphBox must be in (0, 28] (got {GlyphBox}).");
        if (!(MaxExtraStroke >= 0)) throw new ArgumentException($"HindiOptions.MaxExtraStroke must be >= 0 (got {MaxExtraStroke}).");
        if (!(MaxRotationDegrees >= 0 && MaxRotationDegrees <= 180))
            throw new ArgumentException($"HindiOptions.MaxRotationDegrees must be in [0, 180] (got {MaxRotationDegrees}).");
        if (!(MinScale > 0 && MinScale <= MaxScale))
            throw new ArgumentException($"HindiOptions.MinScale/MaxScale must satisfy 0 < MinScale <= MaxScale (got {MinScale}, {MaxScale}).");
        if (!(MaxShear >= 0)) throw new ArgumentException($"HindiOptions.MaxShear must be >= 0 (got {MaxShear}).");
        if (!(MaxShift >= 0)) throw new ArgumentException($"HindiOptions.MaxShift must be >= 0 (got {MaxShift}).");
    }
}
