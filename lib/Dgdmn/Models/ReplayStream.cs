using static TorchSharp.torch;

namespace Dgdmn.Models;

/// <summary>
/// Fresh replay for one <see cref="Trainer.Fit"/> call (community protocol): every optimiser step draws a new
/// replay batch, typically from a frozen copy of the previous generator labelled by the previous classifier, and
/// the step's loss is <c>w · loss(current batch) + (1 − w) · Loss(replay batch)</c>.
/// </summary>
/// <param name="Next">Draws the next replay batch (inputs, and targets or null for a VAE); its tensors belong to the step's dispose scope.</param>
/// <param name="CurrentWeight">w in [0, 1]: the share of the current data in each step's loss (community: 1/t after t tasks).</param>
/// <param name="Loss">The replay batch's loss (for example distillation against soft targets); a 0-d tensor.</param>
public sealed record ReplayStream(Func<(Tensor X, Tensor? Y)> Next, double CurrentWeight, Func<Tensor, Tensor?, Tensor> Loss)
{
    /// <summary>Throws when <see cref="CurrentWeight"/> is outside [0, 1].</summary>
    public void Validate()
    {
        if (CurrentWeight is < 0 or > 1 || double.IsNaN(CurrentWeight))
            throw new ArgumentException($"ReplayStream.CurrentWeight must be in [0, 1] (got {CurrentWeight}).");
    }
}
