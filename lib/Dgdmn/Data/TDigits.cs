using static TorchSharp.torch;

namespace Dgdmn.Data;

/// <summary>
/// TDigits (paper §4.3, "all ten digits plus some transformations of them"): 40 one-class tasks = 10 digits × 4
/// variants (v0 original, v1 left-right mirror x'[r,c] = x[r,27−c], v2 upside-down x'[r,c] = x[27−r,c],
/// v3 transpose x'[r,c] = x[c,r]; project default). Class = 10·v + d; 40-way head (class-incremental).
/// </summary>
public static class TDigits
{
    /// <summary>Number of variants (project default: 4).</summary>
    public const int Variants = 4;

    /// <summary>Number of tasks and classes (10 digits × 4 variants).</summary>
    public const int Tasks = 10 * Variants;

    /// <summary>Names of the variants v0..v3.</summary>
    public static IReadOnlyList<string> VariantNames { get; } = new[] { "original", "mirror", "upside-down", "transpose" };

    /// <summary>
    /// Builds the stream. Each task's images are its digit's images (the same seeded subsample for all four
    /// variants, and the same as <see cref="Digits"/> uses) with the variant's transform applied; labels are the class.
    /// </summary>
    /// <param name="options">Seed, per-task caps, dataset, device.</param>
    /// <param name="order">Task order (default <see cref="TDigitsOrder.VariantMajor"/>).</param>
    public static TaskStream Create(StreamOptions options, TDigitsOrder order = TDigitsOrder.VariantMajor)
    {
        StreamBuilder.Validate(options);
        var data = IdxDataset.Load(options);
        var classes = ClassOrder(order, options.Seed);
        var list = new List<ContinualTask>();
        try
        {
            for (int k = 0; k < Tasks; k++)
            {
                int c = classes[k], v = c / 10, d = c % 10;
                var train = StreamBuilder.Subsample(data.Train.IndicesOf(d), options.TrainPerTask, options.Seed, "subsample", "train", "class", d);
                var test = StreamBuilder.Subsample(data.Test.IndicesOf(d), options.TestPerTask, options.Seed, "subsample", "test", "class", d);
                var digit = options.Dataset == DatasetKind.Mnist ? $"digit {d}" : data.ClassNames[d];
                list.Add(StreamBuilder.Task(k, $"{digit} {VariantNames[v]}", data, train, test, options, x => Transform(x, v), labelOffset: 10 * v));
            }
            return new TaskStream(StreamBuilder.StreamName("tdigits", options.Dataset), Tasks, list);
        }
        catch
        {
            foreach (var t in list) t.Dispose();
            throw;
        }
    }

    /// <summary>The class (10·v + d) of each task position under <paramref name="order"/>.</summary>
    /// <param name="order">Task order.</param>
    /// <param name="seed">Stream seed (used by <see cref="TDigitsOrder.Shuffled"/> only).</param>
    public static int[] ClassOrder(TDigitsOrder order, long seed)
    {
        switch (order)
        {
            case TDigitsOrder.VariantMajor:
                return Enumerable.Range(0, Tasks).ToArray();
            case TDigitsOrder.DigitMajor:
                return Enumerable.Range(0, Tasks).Select(k => 10 * (k % Variants) + k / Variants).ToArray();
            case TDigitsOrder.Shuffled:
                using (var scope = NewDisposeScope())
                using (var g = Seeds.Generator(seed, "tdigits", "order"))
                    return randperm(Tasks, generator: g).data<long>().Select(i => (int)i).ToArray();
            default:
                throw new ArgumentOutOfRangeException(nameof(order), order, "Unknown TDigits task order.");
        }
    }

    /// <summary>Applies variant <paramref name="variant"/> to a batch of images; returns a new tensor.</summary>
    /// <param name="images">[n, 784] (row-major 28×28).</param>
    /// <param name="variant">0 original, 1 left-right mirror, 2 upside-down, 3 transpose.</param>
    /// <returns>[n, 784].</returns>
    public static Tensor Transform(Tensor images, int variant)
    {
        using var scope = NewDisposeScope();
        var square = images.reshape(-1, IdxReader.Side, IdxReader.Side);
        var result = variant switch
        {
            0 => square.clone(),
            1 => square.flip(2),
            2 => square.flip(1),
            3 => square.transpose(1, 2),
            _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, "TDigits variants are 0..3."),
        };
        return result.reshape(-1, IdxReader.Pixels).contiguous().MoveToOuterDisposeScope();
    }
}
