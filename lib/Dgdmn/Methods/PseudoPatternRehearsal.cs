using Dgdmn.Data;
using Dgdmn.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Dgdmn.Methods;

/// <summary>
/// Pseudopattern rehearsal, PPR (Robins 2004; spec §5). Before every task after the first it draws
/// N_t = BaselineConfig.PseudoPatternFactor × (task t's training size) random patterns u ~ U[0, 1]^784, labels
/// them with the network as it is after task t−1 (hard labels: the argmax), and trains on them together with
/// task t's data (shuffled by the trainer).
/// </summary>
public sealed class PseudoPatternRehearsal : ClassifierMethod
{
    /// <summary>Builds PPR.</summary>
    /// <param name="context">Head size, seed, device and settings of the run.</param>
    public PseudoPatternRehearsal(MethodContext context) : base("ppr", context) { }

    /// <summary>Pseudopatterns used in the last learned task (0 for the first task).</summary>
    public int LastPseudoPatternCount { get; private set; }

    /// <summary>N_t for a task: PseudoPatternFactor × its training size, rounded, at least 1.</summary>
    public int PseudoPatternCount(ContinualTask task) =>
        Math.Max(1, (int)Math.Round(Context.Config.Baselines.PseudoPatternFactor * task.TrainCount));

    /// <summary>
    /// The pseudopatterns the next <see cref="IContinualMethod.Learn"/> call on <paramref name="task"/> trains on:
    /// seeded uniform noise and the current network's hard labels. Learn draws exactly these.
    /// </summary>
    /// <returns>Patterns [N_t, 784] in [0, 1] and labels [N_t] int64, on the method's device.</returns>
    public (Tensor Patterns, Tensor Labels) PseudoPatterns(ContinualTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        using var scope = NewDisposeScope();
        using var generator = TaskGenerator("pseudopatterns");
        var patterns = rand([PseudoPatternCount(task), Context.Config.Networks.Inputs], generator: generator).to(Context.Device);
        var labels = Learner.Logits(patterns).argmax(1);
        return (patterns.MoveToOuterDisposeScope(), labels.MoveToOuterDisposeScope());
    }

    /// <inheritdoc />
    protected override FitResult Train(ContinualTask task, IProgress<TrainingProgress>? progress)
    {
        if (TasksLearned == 0)
        {
            LastPseudoPatternCount = 0;
            return Fit(task.TrainX, task.TrainY, task, progress);
        }
        var (patterns, labels) = PseudoPatterns(task);
        LastPseudoPatternCount = (int)patterns.shape[0];
        return Fit(cat([task.TrainX, patterns]), cat([task.TrainY, labels]), task, progress);
    }
}
