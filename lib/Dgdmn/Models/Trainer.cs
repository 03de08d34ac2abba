using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;
using Dgdmn.Torch;

namespace Dgdmn.Models;

/// <summary>Who is being trained, for progress reports and error messages.</summary>
/// <param name="Method">Method name, e.g. "dgdmn".</param>
/// <param name="TaskId">Task being learned.</param>
/// <param name="Model">Model label, e.g. "ltm.vae", "sttm1.learner", "learner".</param>
public sealed record FitLabel(string Method, int TaskId, string Model);

/// <summary>What one <see cref="Trainer.Fit"/> call did.</summary>
/// <param name="Epochs">Epochs run.</param>
/// <param name="SamplesProcessed">Rows passed through training steps (rows × epochs).</param>
/// <param name="EpochLosses">Mean loss of each epoch (penalty included).</param>
public sealed record FitResult(int Epochs, long SamplesProcessed, IReadOnlyList<double> EpochLosses)
{
    /// <summary>Mean loss of the last epoch.</summary>
    public double FinalLoss => EpochLosses.Count == 0 ? double.NaN : EpochLosses[^1];
}

/// <summary>
/// The one training loop of the kit: RMSProp (<see cref="RmsProp"/>, fresh per call, spec §2.8), mini-batches
/// sliced from one tensor and reshuffled each epoch by a seeded generator, an optional penalty (EWC) added to every
/// step's loss, and a numeric guard that stops on a NaN or infinite loss.
/// </summary>
public static class Trainer
{
    /// <summary>Trains <paramref name="model"/> on (x, y) for <paramref name="epochs"/> epochs.</summary>
    /// <param name="model">Model to train; left in evaluation mode afterwards.</param>
    /// <param name="x">[n, 784] inputs; not modified or disposed.</param>
    /// <param name="y">[n] int64 labels or [n, C] soft targets, or null for a VAE.</param>
    /// <param name="epochs">Epochs of this call.</param>
    /// <param name="config">Batch size and optimiser settings.</param>
    /// <param name="seed">Seed of this call (derive it per method, task and model with <see cref="Seeds.Derive"/>).</param>
    /// <param name="label">Who is training, for progress and errors.</param>
    /// <param name="progress">Receives one report per epoch.</param>
    /// <param name="penalty">Extra loss added to every step (EWC); returns a 0-d tensor.</param>
    public static FitResult Fit(ITrainable model, Tensor x, Tensor? y, int epochs, TrainingConfig config, long seed,
        FitLabel label, IProgress<TrainingProgress>? progress = null, Func<Tensor>? penalty = null)
    {
        config.Validate();
        long n = x.shape[0];
        if (n == 0) throw new ArgumentException($"{label.Method}: task {label.TaskId} gave {label.Model} no training samples (empty task).");
        if (y is not null && y.shape[0] != n)
            throw new ArgumentException($"{label.Method}: {label.Model} got {n} inputs but {y.shape[0]} labels for task {label.TaskId}.");
        if (epochs < 1) throw new ArgumentOutOfRangeException(nameof(epochs), epochs, "Epochs must be at least 1.");

        var parameters = model.TrainableParameters().ToList();
        // The kit's RmsProp, not torch.optim.RMSProp: same arithmetic, but no Scalar it passes to libtorch can be
        // finalized mid-call when another thread triggers a collection (see RmsProp's remarks). For the same reason
        // the step below spells out the Scalars that '+' and 'add_(t)' would create and drop implicitly.
        using var optimizer = new RmsProp(parameters, config.LearningRate, config.Rho, config.Epsilon);
        using var shuffle = Seeds.Generator(seed, "shuffle");
        Seeds.SeedTorch(seed, "noise");                       // dropout and reparameterisation noise
        var losses = new List<double>(epochs);
        int batch = config.BatchSize;
        model.SetTraining(true);
        try
        {
            for (int epoch = 1; epoch <= epochs; epoch++)
            {
                using var epochScope = NewDisposeScope();
                var order = randperm(n, generator: shuffle).to(x.device);
                var total = zeros(1, device: x.device);
                for (long start = 0; start < n; start += batch)
                {
                    using var scope = NewDisposeScope();
                    var index = order.narrow(0, start, Math.Min(batch, n - start));
                    var xb = x.index_select(0, index);
                    var yb = y?.index_select(0, index);
                    optimizer.ZeroGrad();
                    var loss = model.Loss(xb, yb);
                    if (penalty is not null) loss = loss.add(penalty(), KeptScalars.One);
                    loss.backward();
                    optimizer.Step();
                    using var rows = index.shape[0].ToScalar();
                    using (no_grad()) total.add_(loss.detach().mul(rows), KeptScalars.One);
                }
                double mean = total.item<float>() / n;            // one device sync per epoch
                if (!double.IsFinite(mean))
                    throw new NonFiniteLossException(label, epoch, mean);
                losses.Add(mean);
                progress?.Report(new TrainingProgress(label.Method, label.TaskId, label.Model, epoch, epochs, mean));
            }
        }
        finally
        {
            model.SetTraining(false);
        }
        return new FitResult(epochs, n * epochs, losses);
    }
}

/// <summary>Thrown when a training loss becomes NaN or infinite; names the method, task, model and epoch.</summary>
public sealed class NonFiniteLossException(FitLabel label, int epoch, double loss) : Exception(
    $"{label.Method}: the loss of {label.Model} became {loss} in epoch {epoch} of task {label.TaskId}. " +
    "Training stopped. Lower the learning rate, check the inputs are in [0, 1], or report the configuration that caused it.")
{
    /// <summary>Who was training.</summary>
    public FitLabel Label { get; } = label;

    /// <summary>1-based epoch in which the loss stopped being finite.</summary>
    public int Epoch { get; } = epoch;
}
