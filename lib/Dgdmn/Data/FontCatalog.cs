using SkiaSharp;

namespace Dgdmn.Data;

/// <summary>
/// Finds the installed fonts that can draw a given set of characters (for the Hindi stream: Devanagari
/// consonants), by opening every font file under some folders with SkiaSharp and checking its character map.
/// </summary>
public static class FontCatalog
{
    /// <summary>Where Debian's font packages install (project default for <see cref="HindiOptions.FontDirectories"/>).</summary>
    public const string SystemFontDirectory = "/usr/share/fonts";

    /// <summary>The Debian packages the spec draws its Devanagari fonts from (spec §4.5).</summary>
    public static IReadOnlyList<string> DebianPackages { get; } =
    [
        "fonts-lohit-deva", "fonts-gargi", "fonts-nakula", "fonts-sahadeva",
        "fonts-samyak-deva", "fonts-sarai", "fonts-sil-annapurna", "fonts-noto-core",
    ];

    private static readonly string[] Extensions = [".ttf", ".otf", ".ttc"];

    /// <summary>
    /// Font files under <paramref name="directories"/> (searched recursively; missing folders are skipped) that
    /// have a glyph for every character of <paramref name="characters"/>. Files naming the same font (same
    /// family and style, or the same file through a link) count once; the result is sorted by path (ordinal).
    /// </summary>
    public static IReadOnlyList<string> Find(IEnumerable<string> directories, string characters)
    {
        ArgumentNullException.ThrowIfNull(directories);
        if (string.IsNullOrEmpty(characters)) throw new ArgumentException("Give at least one character to check.", nameof(characters));

        var files = new SortedSet<string>(StringComparer.Ordinal);
        var walk = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 };
        foreach (var dir in directories)
        {
            if (!Directory.Exists(dir)) continue;
            foreach (var f in Directory.EnumerateFiles(dir, "*", walk))
                if (Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase)) files.Add(Path.GetFullPath(f));
        }

        var seenFiles = new HashSet<string>(StringComparer.Ordinal);
        var seenFaces = new HashSet<string>(StringComparer.Ordinal);
        var found = new List<string>();
        foreach (var file in files)                                 // sorted: the first path of a duplicate wins
        {
            if (!seenFiles.Add(RealPath(file))) continue;
            using var typeface = SKTypeface.FromFile(file);
            if (typeface is null || !typeface.ContainsGlyphs(characters)) continue;
            var face = $"{typeface.FamilyName}|{typeface.FontWeight}|{typeface.FontWidth}|{typeface.FontSlant}";
            if (seenFaces.Add(face)) found.Add(file);
        }
        return found;
    }

    /// <summary>
    /// <see cref="Find"/>, failing with one message that names the folders searched and the install command when
    /// fewer than <paramref name="minimum"/> fonts qualify.
    /// </summary>
    /// <exception cref="InvalidOperationException">Too few fonts.</exception>
    public static IReadOnlyList<string> Require(IReadOnlyList<string> directories, string characters, int minimum)
    {
        var fonts = Find(directories, characters);
        if (fonts.Count >= minimum) return fonts;
        var searched = string.Join(", ", directories.Select(d => Directory.Exists(d) ? d : $"{d} (missing)"));
        throw new InvalidOperationException(
            $"Found {fonts.Count} font(s) that can draw '{characters}' but at least {minimum} are needed. " +
            $"Searched: {searched}. Fix: install Devanagari fonts with " +
            $"'sudo apt-get install -y {string.Join(' ', DebianPackages)}', " +
            $"or point HindiOptions.FontDirectories at folders holding at least {minimum} such fonts.");
    }

    private static string RealPath(string file)
    {
        try { return new FileInfo(file).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? file; }
        catch (IOException) { return file; }
    }
}
