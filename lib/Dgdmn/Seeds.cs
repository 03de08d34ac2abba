using System.Text;
using TorchSharp;

namespace Dgdmn;

/// <summary>
/// Every random choice in the kit flows from one run seed through <see cref="Derive"/>: a stable hash of the
/// seed and a purpose path ("data", "permutation", 3). Randomness is derived per purpose and per task rather
/// than drawn from one long-lived generator, so a run resumed after task k draws exactly what a straight run
/// draws, with no generator state to checkpoint.
/// </summary>
public static class Seeds
{
    /// <summary>A 63-bit seed derived from <paramref name="seed"/> and a purpose path; stable across runs and platforms.</summary>
    public static long Derive(long seed, params object[] path)
    {
        ulong h = SplitMix((ulong)seed);
        foreach (var part in path)
        {
            var bytes = Encoding.UTF8.GetBytes(Convert.ToString(part, System.Globalization.CultureInfo.InvariantCulture) ?? "");
            ulong f = 14695981039346656037UL;                       // FNV-1a of the part
            foreach (var b in bytes) { f ^= b; f *= 1099511628211UL; }
            h = SplitMix(h ^ f);
        }
        return (long)(h >> 1);
    }

    /// <summary>A torch generator seeded from <see cref="Derive"/>, for randperm/randn/rand/multinomial.</summary>
    public static torch.Generator Generator(long seed, params object[] path) => new((ulong)Derive(seed, path));

    /// <summary>A <see cref="Random"/> seeded from <see cref="Derive"/>, for managed-side choices (procedural drawing).</summary>
    public static Random Random(long seed, params object[] path) => new((int)(Derive(seed, path) & int.MaxValue));

    /// <summary>Seeds libtorch's global generator (weight initialisation, dropout) from <see cref="Derive"/>.</summary>
    public static void SeedTorch(long seed, params object[] path) => torch.manual_seed(Derive(seed, path));

    private static ulong SplitMix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
