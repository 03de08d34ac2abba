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

    private const int HashBytes = 32;
    private const int ChunkBytes = 1 << 20;

    /// <summary>Writes <paramref name="payload"/> with its header to <paramref name="path"/> (temp file + rename).</summary>
    /// <param name="path">Target file.</param>
    /// <param name="kind">What the file is ("checkpoint", "results"); checked on read.</param>
    /// <param name="configHash">Hash of the configuration that produced the payload; checked on read.</param>
    /// <param name="payload">The content.</param>
    public static void Write(string path, string kind, string configHash, byte[] payload) =>
        AtomicFile.WriteAllBytes(path, Encode(kind, configHash, payload));

    /// <summary>
    /// Writes a payload streamed by <paramref name="writePayload"/> straight to the file (temp file + rename), never
    /// holding it in memory: a checkpoint of a method that stores gigabytes of samples costs its file, not copies of it.
    /// The header's length and SHA-256 are filled in afterwards, from the file.
    /// </summary>
    /// <param name="path">Target file.</param>
    /// <param name="kind">What the file is; checked on read.</param>
    /// <param name="configHash">Hash of the configuration that produced the payload; checked on read.</param>
    /// <param name="writePayload">Writes the payload from the stream's current position; it may seek back within
    /// what it wrote (to fill in a length) but must leave the position at the payload's end.</param>
    public static void Write(string path, string kind, string configHash, Action<Stream> writePayload)
    {
        ArgumentNullException.ThrowIfNull(writePayload);
        AtomicFile.Write(path, temp =>
        {
            using var file = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, ChunkBytes);
            long lengthAt, start;
            using (var w = new BinaryWriter(file, Encoding.UTF8, leaveOpen: true))
            {
                WriteHeaderStart(w, kind, configHash);
                lengthAt = file.Position;
                w.Write(0L);
                w.Write(new byte[HashBytes]);
            }
            start = file.Position;
            writePayload(file);
            long length = file.Position - start;
            file.Position = start;
            var digest = Hash(file, length);
            file.Position = lengthAt;
            using (var w = new BinaryWriter(file, Encoding.UTF8, leaveOpen: true))
            {
                w.Write(length);
                w.Write(digest);
            }
        });
    }

    /// <summary>The bytes <see cref="Write(string, string, string, byte[])"/> writes (header and payload), for writers that stage several files together.</summary>
    public static byte[] Encode(string kind, string configHash, byte[] payload)
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            WriteHeaderStart(w, kind, configHash);
            w.Write((long)payload.Length);
            w.Write(SHA256.HashData(payload));
            w.Write(payload);
        }
        return buffer.ToArray();
    }

    /// <summary>Reads and verifies a file written by <see cref="Write(string, string, string, byte[])"/>; returns its payload.</summary>
    /// <param name="path">The file.</param>
    /// <param name="kind">Expected kind.</param>
    /// <param name="configHash">Expected configuration hash; null accepts any (then read <see cref="ReadConfigHash"/>).</param>
    /// <exception cref="InvalidDataException">The file is truncated, corrupted, of another kind or format, or was written by another configuration; the message names the file and the fix.</exception>
    public static byte[] Read(string path, string kind, string? configHash)
    {
        using var payload = OpenRead(path, kind, configHash);
        var bytes = new byte[payload.Length - payload.Position];
        payload.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>
    /// Verifies a file like <see cref="Read"/> and returns it open at its payload, which reaches to the end of the
    /// stream: a large payload is read from disk as it is used instead of into one array.
    /// </summary>
    /// <inheritdoc cref="Read" path="/param"/>
    /// <exception cref="InvalidDataException">As <see cref="Read"/>.</exception>
    public static FileStream OpenRead(string path, string kind, string? configHash)
    {
        var (file, header) = OpenVerified(path, kind);
        if (configHash is not null && header != configHash)
        {
            file.Dispose();
            throw new InvalidDataException(
                $"{Describe(kind)} '{path}' was written by a different configuration (hash {Short(header)}, this run {Short(configHash)}). " +
                "Delete it, or rerun with the configuration that wrote it.");
        }
        return file;
    }

    /// <summary>The configuration hash stored in a verified file.</summary>
    public static string ReadConfigHash(string path, string kind)
    {
        var (file, hash) = OpenVerified(path, kind);
        file.Dispose();
        return hash;
    }

    private static void WriteHeaderStart(BinaryWriter w, string kind, string configHash)
    {
        w.Write(Encoding.ASCII.GetBytes(Magic));
        w.Write(FormatVersion);
        w.Write(kind);
        w.Write(configHash);
    }

    // SHA-256 of the next `length` bytes of `stream`, read in chunks.
    private static byte[] Hash(Stream stream, long length)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var chunk = new byte[(int)Math.Min(ChunkBytes, Math.Max(1, length))];
        for (long left = length; left > 0;)
        {
            int n = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, left));
            if (n == 0) throw new EndOfStreamException();
            hash.AppendData(chunk, 0, n);
            left -= n;
        }
        return hash.GetHashAndReset();
    }

    // The file open at its verified payload, and the configuration hash of its header.
    private static (FileStream File, string Hash) OpenVerified(string path, string kind)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{Describe(kind)} '{path}' does not exist.", path);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, ChunkBytes);
        string Bad(string what) => $"{Describe(kind)} '{path}' is unusable: {what}. Delete it and rerun (without --resume the run starts afresh).";
        try
        {
            using var r = new BinaryReader(file, Encoding.UTF8, leaveOpen: true);
            var magic = Encoding.ASCII.GetString(r.ReadBytes(Magic.Length));
            if (magic != Magic) throw new InvalidDataException(Bad("it is not a DGDMN kit file (wrong magic bytes)"));
            var version = r.ReadInt32();
            if (version != FormatVersion) throw new InvalidDataException(Bad($"format version {version}, this build reads {FormatVersion}"));
            var storedKind = r.ReadString();
            if (storedKind != kind) throw new InvalidDataException(Bad($"it holds a {storedKind}, not a {kind}"));
            var hash = r.ReadString();
            var length = r.ReadInt64();
            var digest = r.ReadBytes(HashBytes);
            long start = file.Position, remaining = file.Length - start;
            if (digest.Length != HashBytes || length != remaining)
                throw new InvalidDataException(Bad($"truncated or padded (header promises {length} payload bytes, file holds {Math.Max(0, remaining)})"));
            if (!Hash(file, length).AsSpan().SequenceEqual(digest))
                throw new InvalidDataException(Bad("its content does not match its SHA-256 (corrupted)"));
            file.Position = start;
            return (file, hash);
        }
        catch (Exception e) when (e is EndOfStreamException or FormatException or ArgumentOutOfRangeException)
        {
            file.Dispose();
            throw new InvalidDataException(Bad($"truncated ({new FileInfo(path).Length} bytes, shorter than its header)"));
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static string Describe(string kind) => char.ToUpperInvariant(kind[0]) + kind[1..];

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] : hash;
}
