using TorchSharp;
using static TorchSharp.torch;

namespace Dgdmn.Models;

/// <summary>Inference over many rows in fixed-size batches, in evaluation mode and without gradients.</summary>
public static class Batched
{
    /// <summary>
    /// Applies <paramref name="f"/> to consecutive row slices of <paramref name="x"/> and concatenates the results.
    /// The module is put in evaluation mode for the call and restored afterwards.
    /// </summary>
    /// <param name="x">[n, …] input; not modified or disposed.</param>
    /// <param name="batchSize">Rows per call.</param>
    /// <param name="f">Forward function for one slice.</param>
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
            var parts = new List<Tensor>();
            for (long start = 0; start < n; start += batchSize)
                parts.Add(f(x.narrow(0, start, Math.Min(batchSize, n - start))));
            return cat(parts, 0).MoveToOuterDisposeScope();
        }
        finally
        {
            if (wasTraining) module!.train();
        }
    }
}
