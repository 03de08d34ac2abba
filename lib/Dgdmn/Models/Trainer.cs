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
/// <param name="Epochs">Passes over the data run (the last one partial when an iteration count ends inside it).</param>
/// <param name="SamplesProcessed">Rows of the data passed through training steps (replay batches not counted).</param>
/// <param name="EpochLosses">Mean loss of each pass (penalty and replay included).</param>
public sealed record FitResult(int Epochs, long SamplesProcessed, IReadOnlyList<double> EpochLosses)
{
    /// <summary>Mean loss of the last epoch.</summary>
    public double FinalLoss => EpochLosses.Count == 0 ? double.NaN : EpochLosses[^1];
}

/// <summary>
/// The one training loop of the kit: an optimiser (fresh <see cref="RmsProp"/> or <see cref="Adam"/> per call, spec
/// §2.8, or one the caller keeps across tasks), mini-batches sliced from one tensor and reshuffled each pass by a
/// seeded generator, for a number of epochs or of optimiser steps (<see cref="TrainingConfig.Iterations"/>), an
/// optional penalty (EWC) and optional fresh replay (<see cref="ReplayStream"/>) in every step's loss, and a
/// numeric guard that stops on a NaN or infinite loss.
/// </summary>
public static class Trainer
{
    /// <summary>Trains <paramref name="model"/> on (x, y) for <paramref name="epochs"/> epochs, or for <see cref="TrainingConfig.Iterations"/> steps when set.</summary>
    /// <param name="model">Model to train; left in evaluation mode afterwards.</param>
    /// <param name="x">[n, 784] inputs; not modified or disposed.</param>
    /// <param name="y">[n] int64 labels or [n, C] soft targets, or null for a VAE.</param>
    /// <param name="epochs">Epochs of this call (ignored when <see cref="TrainingConfig.Iterations"/> is set).</param>
    /// <param name="config">Batch size, optimiser settings and schedule.</param>
    /// <param name="seed">Seed of this call (derive it per method, task and model with <see cref="Seeds.Derive"/>).</param>
    /// <param name="label">Who is training, for progress and errors.</param>
    /// <param name="progress">Receives one report per pass over the data.</param>
    /// <param name="penalty">Extra loss added to every step (EWC); returns a 0-d tensor.</param>
    /// <param name="optimizer">An optimiser the caller keeps across calls (community protocol); null: a fresh one of <paramref name="config"/>'s kind, disposed on return.</param>
    /// <param name="loss">The current batch's loss instead of <see cref="ITrainable.Loss"/> (for example over the classes seen so far).</param>
    /// <param name="replay">Fresh replay mixed into every step.</param>
    public static FitResult Fit(ITrainable model, Tensor x, Tensor? y, int epochs, TrainingConfig config, long seed,
        FitLabel label, IProgress<TrainingProgress>? progress = null, Func<Tensor>? penalty = null,
        IOptimizer? optimizer = null, Func<Tensor, Tensor?, Tensor>? loss = null, ReplayStream? replay = null)
    {
        config.Validate();
        replay?.Validate();
        long n = x.shape[0];
        if (n == 0) throw new ArgumentException($"{label.Method}: task {label.TaskId} gave {label.Model} no training samples (empty task).");
        if (y is not null && y.shape[0] != n)
            throw new ArgumentException($"{label.Method}: {label.Model} got {n} inputs but {y.shape[0]} labels for task {label.TaskId}.");
        if (config.Iterations is null && epochs < 1) throw new ArgumentOutOfRangeException(nameof(epochs), epochs, "Epochs must be at least 1.");

        int batch = config.BatchSize;
        long batchesPerPass = (n + batch - 1) / batch;
        long steps = config.Iterations ?? epochs * batchesPerPass;
        int passes = (int)((steps + batchesPerPass - 1) / batchesPerPass);
        // The kit's optimisers, not torch.optim's: same arithmetic, but no Scalar they pass to libtorch can be
        // finalized mid-call when another thread triggers a collection (see RmsProp's remarks). For the same reason
        // the step below spells out the Scalars that '+' and 'add_(t)' would create and drop implicitly.
        var owned = optimizer is null ? config.CreateOptimizer(model.TrainableParameters()) : null;
        var step = optimizer ?? owned!;
        var currentLoss = loss ?? model.Loss;
        using var currentWeight = (replay?.CurrentWeight ?? 1.0).ToScalar();
        using var replayWeight = (1.0 - (replay?.CurrentWeight ?? 1.0)).ToScalar();
        using var shuffle = Seeds.Generator(seed, "shuffle");
        Seeds.SeedTorch(seed, "noise");                       // dropout and reparameterisation noise
        var losses = new List<double>(passes);
        long taken = 0, processed = 0;
        model.SetTraining(true);
        try
        {
            for (int pass = 1; pass <= passes; pass++)
            {
                using var passScope = NewDisposeScope();
                var order = randperm(n, generator: shuffle).to(x.device);
                var total = zeros(1, device: x.device);
                long rowsThisPass = 0;
                for (long start = 0; start < n && taken < steps; start += batch, taken++)
                {
                    using var scope = NewDisposeScope();
                    var index = order.narrow(0, start, Math.Min(batch, n - start));
                    var xb = x.index_select(0, index);
                    var yb = y?.index_select(0, index);
                    step.ZeroGrad();
                    var value = currentLoss(xb, yb);
                    if (replay is not null)
                    {
                        var (xr, yr) = replay.Next();
                        value = value.mul(currentWeight).add(replay.Loss(xr, yr).mul(replayWeight), KeptScalars.One);
                    }
                    if (penalty is not null) value = value.add(penalty(), KeptScalars.One);
                    value.backward();
                    step.Step();
                    using var rows = index.shape[0].ToScalar();
                    using (no_grad()) total.add_(value.detach().mul(rows), KeptScalars.One);
                    rowsThisPass += index.shape[0];
                }
                double mean = total.item<float>() / rowsThisPass;            // one device sync per pass
                if (!double.IsFinite(mean))
                    throw new NonFiniteLossException(label, pass, mean);
                losses.Add(mean);
                processed += rowsThisPass;
                progress?.Report(new TrainingProgress(label.Method, label.TaskId, label.Model, pass, passes, mean));
            }
        }
        finally
        {
            model.SetTraining(false);
            owned?.Dispose();
        }
        return new FitResult(passes, processed, losses);
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
