using TorchSharp;
using static TorchSharp.torch;

namespace Dgdmn.Data;

/// <summary>
/// One task of a sequential multitask stream (paper §1.1): its labelled train and test data.
/// Owns its tensors; dispose the stream (or the task) to free them.
/// </summary>
/// <param name="Id">Task descriptor, 0-based position in the stream's order (paper: task t = Id + 1).</param>
/// <param name="Name">Human-readable name, e.g. "digit 3" or "perm 2".</param>
/// <param name="TrainX">[n, 784] float32 in [0, 1], ink 1.</param>
/// <param name="TrainY">[n] int64 class labels in [0, head size).</param>
/// <param name="TestX">[m, 784] float32 in [0, 1].</param>
/// <param name="TestY">[m] int64.</param>
public sealed record ContinualTask(int Id, string Name, Tensor TrainX, Tensor TrainY, Tensor TestX, Tensor TestY) : IDisposable
{
    /// <summary>Number of training samples.</summary>
    public int TrainCount => (int)TrainX.shape[0];

    /// <summary>Number of test samples.</summary>
    public int TestCount => (int)TestX.shape[0];

    /// <inheritdoc />
    public void Dispose()
    {
        TrainX.Dispose(); TrainY.Dispose(); TestX.Dispose(); TestY.Dispose();
    }
}
