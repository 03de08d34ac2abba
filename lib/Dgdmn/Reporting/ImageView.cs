using System.Net;
using Dgdmn.IO;

namespace Dgdmn.Reporting;

/// <summary>A PNG image that notebooks display inline (e.g. a grid of generated samples); see <see cref="Charts.Image"/>.</summary>
[TypeFormatterSource(typeof(HtmlFormatterSource), PreferredMimeTypes = ["text/html"])]
public sealed class ImageView : IHtmlDisplay
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private readonly byte[] _png;

    internal ImageView(byte[] png, string title)
    {
        ArgumentNullException.ThrowIfNull(png);
        if (png.Length < PngSignature.Length || !png.AsSpan(0, PngSignature.Length).SequenceEqual(PngSignature))
            throw new ArgumentException("Image bytes are not a PNG file (signature missing); encode the image as PNG first.", nameof(png));
        _png = png;
        Title = title;
    }

    /// <summary>Caption shown above the image.</summary>
    public string Title { get; }

    /// <summary>A copy of the PNG bytes.</summary>
    public byte[] ToPng() => (byte[])_png.Clone();

    /// <summary>An HTML fragment with the image inline as a data URI.</summary>
    public string ToHtml()
    {
        var caption = Title.Length > 0 ? $"<div><b>{WebUtility.HtmlEncode(Title)}</b></div>" : "";
        return $"<div>{caption}<img alt=\"{WebUtility.HtmlEncode(Title)}\" src=\"data:image/png;base64,{Convert.ToBase64String(_png)}\"/></div>";
    }

    /// <summary>Writes the PNG to <paramref name="path"/> atomically.</summary>
    public void SavePng(string path) => AtomicFile.WriteAllBytes(path, _png);

    /// <summary>The caption, for plain-text displays.</summary>
    public override string ToString() => $"Image: {Title}";
}
