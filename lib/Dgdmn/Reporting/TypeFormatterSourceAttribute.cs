namespace Dgdmn.Reporting;

/// <summary>
/// .NET Interactive's convention-based formatter hook: its formatter looks for an attribute with this name and a
/// <c>FormatterSourceType</c> property, so kit types display as HTML in any .NET Interactive kernel (VS Code
/// Polyglot, Jupyter, the kit's runner) without the kit referencing Microsoft.DotNet.Interactive.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
internal sealed class TypeFormatterSourceAttribute(Type formatterSourceType) : Attribute
{
    /// <summary>Type with a <c>CreateTypeFormatters()</c> method.</summary>
    public Type FormatterSourceType { get; } = formatterSourceType;

    /// <summary>MIME types the kernel should prefer for the decorated type.</summary>
    public string[] PreferredMimeTypes { get; set; } = [];
}
