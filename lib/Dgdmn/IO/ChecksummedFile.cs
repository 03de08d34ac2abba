using System.Security.Cryptography;
using System.Text;

namespace Dgdmn.IO;

/// <summary>
/// A binary container that refuses to be misread: a header (magic, format version, a configuration hash,
/// payload length, SHA-256 of the payload) followed by the payload. Used for checkpoints and result caches,
/// so a truncated, corrupted or foreign file is reported, never silently used. Written atomically.
/// </summary>
public static class ChecksummedFile
{
    private const string Magic = "DGDMNKIT";
    private const int FormatVersion = 1;

    /// <summary>Writes <paramref name="payload"/> with its header to <paramref name="path"/> (temp file + rename).</summary>
    /// <param name="path">Target file.</param>
    /// <param name="kind">What the file is ("checkpoint", "results"); checked on read.</param>
    /// <param name="configHash">Hash of the configuration that produced the payload; checked on read.</param>
    /// <param name="payload">The content.</param>
    public static void Write(string path, string kind, string configHash, byte[] payload) =>
        AtomicFile.WriteAllBytes(path, Encode(kind, configHash, payload));

    /// <summary>The bytes <see cref="Write"/> writes (header and payload), for writers that stage several files together.</summary>
    public static byte[] Encode(string kind, string configHash, byte[] payload)
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Encoding.ASCII.GetBytes(Magic));
            w.Write(FormatVersion);
            w.Write(kind);
            w.Write(configHash);
            w.Write((long)payload.Length);
            w.Write(SHA256.HashData(payload));
            w.Write(payload);
        }
        return buffer.ToArray();
    }

    /// <summary>Reads and verifies a file written by <see cref="Write"/>; returns its payload.</summary>
    /// <param name="path">The file.</param>
    /// <param name="kind">Expected kind.</param>
    /// <param name="configHash">Expected configuration hash; null accepts any (then read <see cref="ReadConfigHash"/>).</param>
    /// <exception cref="InvalidDataException">The file is truncated, corrupted, of another kind or format, or was written by another configuration; the message names the file and the fix.</exception>
    public static byte[] Read(string path, string kind, string? configHash)
    {
        var (header, payload) = ReadVerified(path, kind);
        if (configHash is not null && header != configHash)
            throw new InvalidDataException(
                $"{Describe(kind)} '{path}' was written by a different configuration (hash {Short(header)}, this run {Short(configHash)}). " +
                "Delete it, or rerun with the configuration that wrote it.");
        return payload;
    }

    /// <summary>The configuration hash stored in a verified file.</summary>
    public static string ReadConfigHash(string path, string kind) => ReadVerified(path, kind).Hash;

    private static (string Hash, byte[] Payload) ReadVerified(string path, string kind)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{Describe(kind)} '{path}' does not exist.", path);
        var bytes = File.ReadAllBytes(path);
        string Bad(string what) => $"{Describe(kind)} '{path}' is unusable: {what}. Delete it and rerun (without --resume the run starts afresh).";
        try
        {
            using var r = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
            var magic = Encoding.ASCII.GetString(r.ReadBytes(Magic.Length));
            if (magic != Magic) throw new InvalidDataException(Bad("it is not a DGDMN kit file (wrong magic bytes)"));
            var version = r.ReadInt32();
            if (version != FormatVersion) throw new InvalidDataException(Bad($"format version {version}, this build reads {FormatVersion}"));
            var storedKind = r.ReadString();
            if (storedKind != kind) throw new InvalidDataException(Bad($"it holds a {storedKind}, not a {kind}"));
            var hash = r.ReadString();
            var length = r.ReadInt64();
            var digest = r.ReadBytes(32);
            var remaining = bytes.Length - r.BaseStream.Position;
            if (digest.Length != 32 || length != remaining)
                throw new InvalidDataException(Bad($"truncated or padded (header promises {length} payload bytes, file holds {Math.Max(0, remaining)})"));
            var payload = r.ReadBytes((int)length);
            if (!SHA256.HashData(payload).AsSpan().SequenceEqual(digest))
                throw new InvalidDataException(Bad("its content does not match its SHA-256 (corrupted)"));
            return (hash, payload);
        }
        catch (Exception e) when (e is EndOfStreamException or FormatException or ArgumentOutOfRangeException)
        {
            throw new InvalidDataException(Bad($"truncated ({bytes.Length} bytes, shorter than its header)"));
        }
    }

    private static string Describe(string kind) => char.ToUpperInvariant(kind[0]) + kind[1..];

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] : hash;
}
