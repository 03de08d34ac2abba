namespace Dgdmn.IO;

/// <summary>Small helpers for the binary streams that models, memories and methods <c>Save</c> to and <c>Load</c> from (checkpoints, copies in memory).</summary>
public static class MethodState
{
    // Every Save begins with this and the kind's name, then a format version: one header convention for all states.
    private const string Prefix = "dgdmn-state:";

    /// <summary>The bytes <paramref name="save"/> writes (e.g. <c>method.Save</c>), for checkpoints and copies in memory.</summary>
    public static byte[] ToBytes(Action<BinaryWriter> save)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true)) save(writer);
        return buffer.ToArray();
    }

    /// <summary>Feeds bytes from <see cref="ToBytes"/> to <paramref name="load"/> (e.g. <c>method.Load</c>).</summary>
    public static void FromBytes(byte[] state, Action<BinaryReader> load)
    {
        using var reader = new BinaryReader(new MemoryStream(state));
        load(reader);
    }

    /// <summary>
    /// Runs <paramref name="load"/> all or nothing: the state before it is kept in memory (through
    /// <paramref name="save"/>) and put back if the load fails anywhere, so a truncated, corrupt or foreign stream
    /// never leaves a half-loaded object. The failure becomes one <see cref="InvalidDataException"/> naming
    /// <paramref name="what"/>.
    /// </summary>
    /// <param name="reader">The stream to load from.</param>
    /// <param name="save">The object's Save (to keep its state before the load).</param>
    /// <param name="load">The object's own reading code.</param>
    /// <param name="what">What is loaded, for the message (e.g. "dgdmn").</param>
    public static void LoadAllOrNothing(BinaryReader reader, Action<BinaryWriter> save, Action<BinaryReader> load, string what)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var before = ToBytes(save);
        try
        {
            load(reader);
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            FromBytes(before, load);   // known-good bytes of this very object
            throw e as InvalidDataException ?? new InvalidDataException(
                $"Saved {what} state could not be read ({e.GetType().Name}: {e.Message}); the stream is truncated or damaged. Nothing was changed.", e);
        }
    }

    /// <summary>
    /// Loads a whole saved state (e.g. a checkpoint's) all or nothing, and also rejects bytes left over after
    /// <paramref name="load"/> finished (a stream of another method or configuration).
    /// </summary>
    public static void FromBytesAllOrNothing(byte[] state, Action<BinaryWriter> save, Action<BinaryReader> load, string what)
    {
        using var reader = new BinaryReader(new MemoryStream(state));
        LoadAllOrNothing(reader, save, r =>
        {
            load(r);
            if (r.BaseStream.Position != r.BaseStream.Length)
                throw new InvalidDataException($"Saved {what} state has {r.BaseStream.Length - r.BaseStream.Position} bytes after its end; it was written by another method or configuration.");
        }, what);
    }

    /// <summary>Writes a header naming what follows and its format version.</summary>
    public static void WriteHeader(BinaryWriter writer, string kind, int version)
    {
        writer.Write(Prefix + kind);
        writer.Write(version);
    }

    /// <summary>Reads a header written by <see cref="WriteHeader"/>; throws naming what was expected and found.</summary>
    public static void ReadHeader(BinaryReader reader, string kind, int version) => ReadHeader(reader, kind, version, version);

    /// <summary>Reads a header of any format version from <paramref name="oldest"/> to <paramref name="newest"/>; returns the version found.</summary>
    public static int ReadHeader(BinaryReader reader, string kind, int oldest, int newest)
    {
        string found;
        try { found = reader.ReadString(); }
        catch (Exception e) when (e is EndOfStreamException or IOException)
        {
            throw new InvalidDataException($"Saved state ended before the '{kind}' section. The file is truncated or was not written by Save.", e);
        }
        if (!found.StartsWith(Prefix, StringComparison.Ordinal))
            throw new InvalidDataException($"Saved state starts with '{found}', not a kit state header, where '{kind}' was expected: the stream was written by an older kit or is not a saved state. Start it over.");
        if (found != Prefix + kind)
            throw new InvalidDataException($"Saved state holds '{found[Prefix.Length..]}' where '{kind}' was expected. Load it into the method that saved it.");
        int v = reader.ReadInt32();
        if (v < oldest || v > newest)
            throw new InvalidDataException($"Saved '{kind}' state has format version {v}; this build reads version{(oldest == newest ? $" {newest}" : $"s {oldest} to {newest}")}.");
        return v;
    }

    /// <summary>Writes an id → count map (sorted by id, so equal maps give equal bytes).</summary>
    public static void WriteCounts(BinaryWriter writer, IReadOnlyDictionary<int, int> counts)
    {
        writer.Write(counts.Count);
        foreach (var (k, v) in counts.OrderBy(p => p.Key)) { writer.Write(k); writer.Write(v); }
    }

    /// <summary>Reads a map written by <see cref="WriteCounts"/>.</summary>
    public static Dictionary<int, int> ReadCounts(BinaryReader reader)
    {
        int n = reader.ReadInt32();
        if (n < 0) throw new InvalidDataException($"Saved state has a negative map size ({n}); the file is corrupt.");
        var map = new Dictionary<int, int>(n);
        for (int i = 0; i < n; i++) map[reader.ReadInt32()] = reader.ReadInt32();
        return map;
    }

    /// <summary>Throws when <paramref name="found"/> differs from the value the method was built with.</summary>
    public static void Expect<T>(string field, T found, T expected)
    {
        if (!EqualityComparer<T>.Default.Equals(found, expected))
            throw new InvalidDataException($"Saved state was written with {field} = {found}, but this method has {field} = {expected}. Build it with the same configuration.");
    }
}
