namespace Dgdmn.Tests.Reliability;

/// <summary>One damaged file: what was done to it and its bytes.</summary>
/// <param name="Index">Case number (with the seed, reproduces it).</param>
/// <param name="Kind">Mutation kind, e.g. "bitflip", "truncate", "field:huge"; "inner:" prefix when applied inside the outer layer.</param>
/// <param name="Bytes">The damaged file.</param>
public sealed record Mutation(int Index, string Kind, byte[] Bytes)
{
    /// <summary>Whether the damage was applied inside the outer layer (re-wrapped into a well-formed file).</summary>
    public bool IsInner => Kind.StartsWith("inner:", StringComparison.Ordinal);
}
