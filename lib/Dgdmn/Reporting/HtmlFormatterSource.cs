namespace Dgdmn.Reporting;

/// <summary>Formatter source named by <see cref="TypeFormatterSourceAttribute"/>: text/html from <see cref="IHtmlDisplay.ToHtml"/>.</summary>
internal sealed class HtmlFormatterSource
{
    /// <summary>Called by the .NET Interactive formatter (by convention, via reflection).</summary>
    public IEnumerable<object> CreateTypeFormatters()
    {
        yield return new HtmlFormatter();
    }

    /// <summary>Convention-shaped formatter: <c>MimeType</c> plus <c>bool Format(object, TextWriter)</c>.</summary>
    internal sealed class HtmlFormatter
    {
        public string MimeType => "text/html";

        public bool Format(object instance, TextWriter writer)
        {
            if (instance is not IHtmlDisplay display) return false;
            writer.Write(display.ToHtml());
            return true;
        }
    }
}
