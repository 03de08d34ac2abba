using TorchSharp;
using static TorchSharp.torch;

namespace Dgdmn.Models;

/// <summary>A model that <see cref="Trainer"/> can fit: it exposes its parameters and a scalar loss for a batch.</summary>
public interface ITrainable
{
    /// <summary>The parameters the optimiser updates.</summary>
    IEnumerable<TorchSharp.Modules.Parameter> TrainableParameters();

    /// <summary>Mean loss over the batch (a 0-d tensor with gradient).</summary>
    /// <param name="x">[b, 784] inputs in [0, 1].</param>
    /// <param name="y">[b] int64 labels, or [b, C] float targets (soft labels); null for unsupervised models.</param>
    Tensor Loss(Tensor x, Tensor? y);

    /// <summary>Switches training-only behaviour (dropout) on or off.</summary>
    void SetTraining(bool training);
}
