namespace Dgdmn.Reporting;

/// <summary>A kit object that notebooks display as HTML.</summary>
internal interface IHtmlDisplay
{
    /// <summary>A self-contained HTML fragment (no network access needed).</summary>
    string ToHtml();
}
