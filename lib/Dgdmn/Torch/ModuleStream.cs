using static TorchSharp.torch;

namespace Dgdmn.Torch;

/// <summary>
/// Loads a module's weights from the stream <c>Module.save</c> wrote, after checking the stream's layout (entry
/// count, names, dtypes, shapes, byte counts) against the module. TorchSharp's own <c>load</c> allocates from the
/// stream's numbers before checking them (a damaged rank of ~10⁷ reserved 100 MiB, found by the fuzzer) and fails
/// with ArgumentException or EndOfStreamException; this turns every defect into one clear error first.
/// </summary>
public static class ModuleStream
{
    // LEB128 of a 64-bit value takes at most 10 bytes; a tensor of more dimensions than this is not a kit model.
    private const int MaxLebBytes = 10;
    private const int MaxRank = 16;

    /// <summary>Checks the module stream at the reader's position, then loads it.</summary>
    /// <remarks>A stream that cannot seek (the kit always loads from memory) is loaded unchecked, as TorchSharp loads it.</remarks>
    /// <param name="module">Module to load into; unchanged when the check fails.</param>
    /// <param name="reader">Positioned at what <c>module.save</c> wrote.</param>
    /// <param name="what">What is loaded, for the message (e.g. "memory 'ltm' VAE").</param>
    /// <exception cref="InvalidDataException">The stream does not hold this module's weights (damaged, truncated, or another architecture).</exception>
    public static void LoadChecked(this nn.Module module, BinaryReader reader, string what)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(reader);
        var stream = reader.BaseStream;
        if (!stream.CanSeek)
        {
            module.load(reader);
            return;
        }
        long start = stream.Position;
        Check(module, reader, what);
        stream.Position = start;
        module.load(reader);
    }

    /// <summary>
    /// Reads one tensor written by TorchSharp's <c>Tensor.Save</c>, after checking that its dtype is one the kit saves,
    /// its rank and sizes are sane and its data fits the bytes left (TorchSharp's <c>Load</c> would allocate the
    /// stated shape first). A stream that cannot seek is read unchecked.
    /// </summary>
    /// <param name="reader">Positioned at the tensor.</param>
    /// <param name="what">What is loaded, for the message.</param>
    /// <exception cref="InvalidDataException">The stream does not hold a sane tensor.</exception>
    public static Tensor ReadTensorChecked(BinaryReader reader, string what)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var stream = reader.BaseStream;
        if (!stream.CanSeek) return TorchSharp.TensorExtensionMethods.Load(reader);
        string Bad(string problem) => $"A saved {what} tensor is unusable: {problem}. The stream is damaged.";
        long start = stream.Position;
        try
        {
            long type = Leb(reader);
            long elementSize = type switch
            {
                (long)ScalarType.Byte or (long)ScalarType.Int8 or (long)ScalarType.Bool => 1,
                (long)ScalarType.Int16 or (long)ScalarType.Float16 or (long)ScalarType.BFloat16 => 2,
                (long)ScalarType.Int32 or (long)ScalarType.Float32 => 4,
                (long)ScalarType.Int64 or (long)ScalarType.Float64 => 8,
                _ => throw new InvalidDataException(Bad($"dtype code {type} is not one the kit saves")),
            };
            long rank = Leb(reader);
            if (rank > MaxRank) throw new InvalidDataException(Bad($"{rank} dimensions"));
            long bytes = elementSize;
            for (int d = 0; d < rank; d++)
            {
                long size = Leb(reader);
                // Checked against the bytes left at each step, so the product cannot overflow.
                if (size < 0 || (size > 0 && bytes > (stream.Length - stream.Position) / size))
                    throw new InvalidDataException(Bad($"size {size} in dimension {d} does not fit the {stream.Length - stream.Position} bytes left"));
                bytes *= size;
            }
            if (bytes > stream.Length - stream.Position) throw new InvalidDataException(Bad($"it needs {bytes} bytes, {stream.Length - stream.Position} are left"));
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException(Bad("the stream ends early"), e);
        }
        stream.Position = start;
        return TorchSharp.TensorExtensionMethods.Load(reader);
    }

    private static void Check(nn.Module module, BinaryReader reader, string what)
    {
        string Bad(string problem) => $"Saved {what} weights are unusable: {problem}. The stream is damaged or was written by another architecture.";
        var stream = reader.BaseStream;
        var entries = module.state_dict();
        try
        {
            long count = Leb(reader);
            if (count != entries.Count) throw new InvalidDataException(Bad($"{count} entries, the model has {entries.Count}"));
            for (long i = 0; i < count; i++)
            {
                var name = reader.ReadString();
                if (!entries.TryGetValue(name, out var tensor)) throw new InvalidDataException(Bad($"an entry '{Clip(name)}' the model does not have"));
                long type = Leb(reader);
                if (type != (long)tensor.dtype) throw new InvalidDataException(Bad($"'{name}' has dtype code {type}, the model {tensor.dtype}"));
                long rank = Leb(reader);
                if (rank != tensor.shape.Length || rank > MaxRank) throw new InvalidDataException(Bad($"'{name}' has {rank} dimensions, the model {tensor.shape.Length}"));
                for (int d = 0; d < rank; d++)
                {
                    long size = Leb(reader);
                    if (size != tensor.shape[d]) throw new InvalidDataException(Bad($"'{name}' has size {size} in dimension {d}, the model {tensor.shape[d]}"));
                }
                long bytes = tensor.numel() * tensor.ElementSize;
                if (bytes > stream.Length - stream.Position) throw new InvalidDataException(Bad($"'{name}' needs {bytes} bytes, {stream.Length - stream.Position} are left"));
                stream.Position += bytes;
            }
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException(Bad("the stream ends early"), e);
        }
    }

    // TorchSharp's LEB128Codec encoding (7 bits a byte, low first), bounded.
    private static long Leb(BinaryReader reader)
    {
        long value = 0;
        for (int i = 0; i < MaxLebBytes; i++)
        {
            byte b = reader.ReadByte();
            value |= (long)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) return value;
        }
        throw new InvalidDataException("A saved module holds a number longer than 10 bytes; the stream is damaged.");
    }

    private static string Clip(string s) => s.Length > 40 ? s[..40] + "…" : s;
}
