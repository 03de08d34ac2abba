using System.Buffers.Binary;

namespace Dgdmn.Tests.Reliability;

/// <summary>
/// Seeded damage of a valid file: truncation, bit flips, byte runs set to 0x00/0xFF, header fields set to huge,
/// negative or zero values, inserted, deleted and appended bytes, wrong magic; with an inner layer, half the cases
/// damage the inner bytes and re-wrap them. Every mutation differs from the valid file.
/// </summary>
public static class Mutator
{
    private static readonly long[] Extremes = [0, -1, 1, int.MaxValue, int.MinValue, long.MaxValue, long.MinValue, 1L << 31, 1L << 40, 0x7FFF_FFF0];

    /// <summary>The <paramref name="count"/> mutations of <paramref name="target"/> for <paramref name="seed"/>.</summary>
    public static IEnumerable<Mutation> For(FuzzTarget target, int count, int seed)
    {
        var rng = new Random(seed);
        for (int i = 0; i < count; i++)
        {
            Mutation m;
            do
            {
                if (target.Inner is { } inner && rng.Next(2) == 0)
                {
                    var (kind, bytes) = Damage(inner.Bytes, inner.Fields, rng);
                    m = new Mutation(i, "inner:" + kind, inner.Wrap(bytes));
                }
                else
                {
                    var (kind, bytes) = Damage(target.Valid, target.Fields, rng);
                    m = new Mutation(i, kind, bytes);
                }
            }
            while (m.Bytes.AsSpan().SequenceEqual(target.Valid));   // a no-op (e.g. 0x00 over 0x00) is not a case
            yield return m;
        }
    }

    private static (string Kind, byte[] Bytes) Damage(byte[] valid, IReadOnlyList<HeaderField> fields, Random rng)
    {
        // Damage near the start hits headers and length prefixes, where readers allocate and branch.
        int Position(int length) => length == 0 ? 0 : rng.Next(3) == 0 ? rng.Next(Math.Min(length, 160)) : rng.Next(length);
        var b = (byte[])valid.Clone();
        switch (rng.Next(fields.Count > 0 ? 10 : 8))
        {
            case 0:
                return ("truncate", valid[..rng.Next(valid.Length)]);
            case 1:
                return ("truncate-header", valid[..rng.Next(Math.Min(valid.Length, 40))]);
            case 2:
            {
                int flips = 1 + rng.Next(3);
                for (int k = 0; k < flips; k++) { int p = Position(b.Length); b[p] ^= (byte)(1 << rng.Next(8)); }
                return ("bitflip", b);
            }
            case 3:
            {
                int p = Position(b.Length), n = Math.Min(1 + rng.Next(16), b.Length - p);
                b.AsSpan(p, n).Fill(rng.Next(2) == 0 ? (byte)0x00 : (byte)0xFF);
                return ("fill", b);
            }
            case 4:
            {
                int p = Position(valid.Length);
                var extra = new byte[1 + rng.Next(32)];
                rng.NextBytes(extra);
                return ("insert", [.. valid[..p], .. extra, .. valid[p..]]);
            }
            case 5:
            {
                int p = Position(valid.Length), n = Math.Min(1 + rng.Next(64), valid.Length - p);
                return ("delete", [.. valid[..p], .. valid[(p + n)..]]);
            }
            case 6:
            {
                var extra = new byte[1 + rng.Next(64)];
                rng.NextBytes(extra);
                return ("append", [.. valid, .. extra]);
            }
            case 7:
            {
                int n = Math.Min(4, b.Length);
                for (int k = 0; k < n; k++) b[k] = (byte)rng.Next(256);
                return ("magic", b);
            }
            default:
            {
                var f = fields[rng.Next(fields.Count)];
                if (f.Offset + f.Width > b.Length) return ("truncate", valid[..rng.Next(valid.Length)]);
                long value = rng.Next(3) == 0 ? rng.NextInt64() * (rng.Next(2) == 0 ? 1 : -1) : Extremes[rng.Next(Extremes.Length)];
                var span = b.AsSpan(f.Offset, f.Width);
                if (f.Width == 4)
                {
                    if (f.BigEndian) BinaryPrimitives.WriteInt32BigEndian(span, (int)value); else BinaryPrimitives.WriteInt32LittleEndian(span, (int)value);
                }
                else if (f.BigEndian) BinaryPrimitives.WriteInt64BigEndian(span, value);
                else BinaryPrimitives.WriteInt64LittleEndian(span, value);
                return ("field", b);
            }
        }
    }
}
