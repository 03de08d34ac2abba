using static TorchSharp.torch;
using Dgdmn.Torch;

namespace Dgdmn.Models;

/// <summary>What the kit's optimisers share: restoring their per-parameter state tensors.</summary>
internal static class OptimizerState
{
    /// <summary>
    /// Reads one saved tensor per entry of <paramref name="state"/> (each checked for shape and dtype) and only then
    /// copies them in, so a damaged stream leaves the state as it was.
    /// </summary>
    /// <param name="reader">Positioned at the first tensor.</param>
    /// <param name="state">The optimiser's state tensors, in the order they were saved.</param>
    /// <param name="kind">Optimiser name for messages, e.g. "Adam".</param>
    public static void ReadInto(BinaryReader reader, IReadOnlyList<Tensor> state, string kind)
    {
        using var scope = NewDisposeScope();
        var read = state.Select(t =>
        {
            var copy = ModuleStream.ReadTensorChecked(reader, $"{kind} moment");
            if (!copy.shape.SequenceEqual(t.shape) || copy.dtype != t.dtype)
                throw new InvalidDataException($"{kind} state holds a [{string.Join(", ", copy.shape)}] {copy.dtype} moment where its parameter is [{string.Join(", ", t.shape)}] {t.dtype}.");
            return copy;
        }).ToList();
        using (no_grad())
            for (int i = 0; i < read.Count; i++) state[i].copy_(read[i]);
    }
}
