using TorchSharp;
using static TorchSharp.torch;
using Dgdmn.Torch;

namespace Dgdmn.Data;

/// <summary>
/// The train or test half of a loaded <see cref="IdxDataset"/>: immutable, cached for the process lifetime.
/// Streams select from it into new tensors that they own; the split's own storage is never handed out.
/// </summary>
public sealed class DatasetSplit
{
    private readonly Tensor _pixels;   // [n, 784] uint8 on CPU, detached from every dispose scope
    private readonly byte[] _labels;

    internal DatasetSplit(byte[] pixels, byte[] labels)
    {
        _labels = labels;
        _pixels = tensor(pixels, new long[] { labels.Length, IdxReader.Pixels }, ScalarType.Byte).DetachFromDisposeScope();
    }

    /// <summary>Number of samples.</summary>
    public int Count => _labels.Length;

    /// <summary>Class label of sample <paramref name="index"/>, in [0, 10).</summary>
    public int Label(int index) => _labels[index];

    /// <summary>Indices (ascending) of every sample whose label is one of <paramref name="classes"/>.</summary>
    public long[] IndicesOf(params int[] classes)
    {
        var wanted = new bool[IdxReader.Classes];
        foreach (var c in classes) wanted[c] = true;
        var result = new List<long>();
        for (int i = 0; i < _labels.Length; i++)
            if (wanted[_labels[i]]) result.Add(i);
        return result.ToArray();
    }

    /// <summary>Indices 0..n-1 of every sample.</summary>
    public long[] AllIndices() => Enumerable.Range(0, Count).Select(i => (long)i).ToArray();

    /// <summary>A new tensor with the selected images; the caller owns it.</summary>
    /// <param name="indices">Sample indices, any order; may repeat.</param>
    /// <param name="device">Device of the result (null: CPU).</param>
    /// <returns>[k, 784] float32 in [0, 1] (byte / 255).</returns>
    public Tensor Images(long[] indices, Device? device = null)
    {
        using var scope = NewDisposeScope();
        var idx = tensor(indices, ScalarType.Int64);
        var x = _pixels.index_select(0, idx).to_type(ScalarType.Float32).div_(KeptScalars.ByteMax);
        return x.to(device ?? CPU).MoveToOuterDisposeScope();
    }

    /// <summary>A new tensor with the selected labels; the caller owns it.</summary>
    /// <param name="indices">Sample indices.</param>
    /// <param name="device">Device of the result (null: CPU).</param>
    /// <returns>[k] int64 in [0, 10).</returns>
    public Tensor Labels(long[] indices, Device? device = null)
    {
        var y = new long[indices.Length];
        for (int i = 0; i < y.Length; i++) y[i] = _labels[indices[i]];
        using var scope = NewDisposeScope();
        return tensor(y, ScalarType.Int64).to(device ?? CPU).MoveToOuterDisposeScope();
    }
}
