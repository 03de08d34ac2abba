namespace Dgdmn.Tests.Reliability;

/// <summary>An integer field of a file format that the fuzzer overwrites with huge, negative and zero values.</summary>
/// <param name="Offset">Byte offset in the bytes it belongs to (the file, or the inner payload).</param>
/// <param name="Width">4 or 8 bytes.</param>
/// <param name="BigEndian">Byte order (IDX is big-endian, BinaryWriter little-endian).</param>
public sealed record HeaderField(int Offset, int Width, bool BigEndian);

/// <summary>
/// One reader under fuzzing: a valid file, how to read it and how to tell a clear rejection from anything else.
/// </summary>
/// <param name="Name">Shown in the report (e.g. "idx images (gzip)").</param>
/// <param name="FileName">Name the mutated file is written under (readers put it in their messages).</param>
/// <param name="Valid">A valid file's bytes.</param>
/// <param name="Read">
/// Reads the file at the path: returns true when it decoded to exactly the valid data, false when it decoded to
/// something else, and throws when it rejects the file. Throwing <see cref="FuzzInvariantException"/> reports a
/// broken guarantee (e.g. state changed by a failed load).
/// </param>
/// <param name="IsClearError">Whether an exception is the reader's documented, clear error for the file at the path.</param>
/// <param name="Checksummed">Whether the format detects every change (then accepting a damaged file is a failure).</param>
/// <param name="Fields">Integer header fields of <see cref="Valid"/>.</param>
/// <param name="Inner">
/// An inner layer (a gzip file's content, a checksummed file's payload) with its fields, and how to wrap a mutated
/// one into a well-formed file again (compress, or re-checksum): exercises the parser behind the outer check.
/// Damage there cannot be detected by the outer check, so accepting it is allowed; crashing is not.
/// </param>
public sealed record FuzzTarget(
    string Name,
    string FileName,
    byte[] Valid,
    Func<string, bool> Read,
    Func<Exception, string, bool> IsClearError,
    bool Checksummed,
    IReadOnlyList<HeaderField> Fields,
    InnerLayer? Inner = null)
{
    /// <summary>Files written unchanged beside the mutated one (name → bytes), for readers that read a folder.</summary>
    public IReadOnlyDictionary<string, byte[]> Companions { get; init; } = new Dictionary<string, byte[]>();
}

/// <summary>The layer inside a file (see <see cref="FuzzTarget.Inner"/>).</summary>
/// <param name="Bytes">The valid inner bytes.</param>
/// <param name="Fields">Integer fields of the inner bytes.</param>
/// <param name="Wrap">Makes a well-formed file of (mutated) inner bytes.</param>
public sealed record InnerLayer(byte[] Bytes, IReadOnlyList<HeaderField> Fields, Func<byte[], byte[]> Wrap);

/// <summary>Thrown by a target's reader when the reader declined the file without using it (e.g. a cache of another configuration: recomputed).</summary>
public sealed class FuzzDeclinedException(string message) : Exception(message);

/// <summary>Thrown by a target's reader when a guarantee other than "reject with a clear error" is broken.</summary>
public sealed class FuzzInvariantException(string message) : Exception(message);
