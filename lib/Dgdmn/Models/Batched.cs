using TorchSharp;
using static TorchSharp.torch;

namespace Dgdmn.Models;

/// <summary>Inference over many rows in fixed-size batches, in evaluation mode and without gradients.</summary>
public static class Batched
{
    /// <summary>
    /// Applies <paramref name="f"/> to consecutive row slices of <paramref name="x"/> and stacks the results in row
    /// order. The module is put in evaluation mode for the call and restored afterwards.
    /// </summary>
    /// <remarks>
    /// The result is allocated once, from the first slice's shape, and each slice's output is copied into it and
    /// freed: the call holds one result plus one slice's output, not every slice's output and their concatenation.
    /// </remarks>
    /// <param name="x">[n, …] input; not modified or disposed.</param>
    /// <param name="batchSize">Rows per call.</param>
    /// <param name="f">Forward function for one slice; must return [rows of the slice, …] with the same trailing shape for every slice.</param>
    /// <param name="module">Module whose train/eval mode is switched (may be null).</param>
    public static Tensor Map(Tensor x, int batchSize, Func<Tensor, Tensor> f, nn.Module? module = null)
    {
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "Batch size must be positive.");
        bool wasTraining = module?.training ?? false;
        module?.eval();
        try
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            long n = x.shape[0];
            if (n <= batchSize) return f(x).MoveToOuterDisposeScope();
            Tensor? result = null;
            for (long start = 0; start < n; start += batchSize)
            {
                using var slice = NewDisposeScope();
                long rows = Math.Min(batchSize, n - start);
                var part = f(x.narrow(0, start, rows));
                if (result is null)
                {
                    long[] shape = [n, .. part.shape.Skip(1)];
                    result = empty(shape, part.dtype, part.device).MoveToOuterDisposeScope();
                }
                result.narrow(0, start, rows).copy_(part);
            }
            return result!.MoveToOuterDisposeScope();
        }
        finally
        {
            if (wasTraining) module!.train();
        }
    }

    /// <summary>
    /// Applies <paramref name="f"/> to consecutive row slices of <paramref name="x"/> and writes each result into the
    /// same rows of <paramref name="destination"/> (which may be <paramref name="x"/> itself: a slice is read before it
    /// is overwritten). Evaluation mode and no gradients, as <see cref="Map"/>; the slices are the same.
    /// </summary>
    /// <param name="x">[n, …] input.</param>
    /// <param name="destination">[n, …] output, written in place.</param>
    /// <param name="batchSize">Rows per call.</param>
    /// <param name="f">Forward function for one slice.</param>
    /// <param name="module">Module whose train/eval mode is switched (may be null).</param>
    /// <param name="visit">Called with each (input slice, output slice) before the output is written, e.g. to accumulate an error.</param>
    public static void MapInto(Tensor x, Tensor destination, int batchSize, Func<Tensor, Tensor> f, nn.Module? module = null,
        Action<Tensor, Tensor>? visit = null)
    {
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "Batch size must be positive.");
        long n = x.shape[0];
        if (destination.shape[0] != n) throw new ArgumentException($"Destination has {destination.shape[0]} rows for {n} inputs.", nameof(destination));
        bool wasTraining = module?.training ?? false;
        module?.eval();
        try
        {
            using var noGrad = no_grad();
            // The slices of Map: the whole input when it fits in one batch, else batchSize rows from row 0.
            long step = n <= batchSize ? Math.Max(n, 1) : batchSize;
            for (long start = 0; start < n; start += step)
            {
                using var slice = NewDisposeScope();
                long rows = Math.Min(step, n - start);
                var input = x.narrow(0, start, rows);
                var part = f(input);
                visit?.Invoke(input, part);
                destination.narrow(0, start, rows).copy_(part);
            }
        }
        finally
        {
            if (wasTraining) module!.train();
        }
    }
}
