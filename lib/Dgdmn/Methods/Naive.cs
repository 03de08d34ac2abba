using Dgdmn.Data;
using Dgdmn.Models;

namespace Dgdmn.Methods;

/// <summary>
/// NN and DropNN (paper; spec §5): the learner fine-tuned on each task in turn with nothing to protect old
/// tasks, the lower bound of the comparison. DropNN adds dropout (BaselineConfig.Dropout) after each hidden
/// ReLU during training; it is off at test.
/// </summary>
public sealed class Naive : ClassifierMethod
{
    /// <summary>Builds NN (<paramref name="dropout"/> false, name "nn") or DropNN (true, name "dropnn").</summary>
    /// <param name="context">Head size, seed, device and settings of the run.</param>
    /// <param name="dropout">Whether this is DropNN.</param>
    public Naive(MethodContext context, bool dropout)
        : base(dropout ? "dropnn" : "nn", context, dropout ? context?.Config.Baselines.Dropout ?? 0 : 0)
    {
        UsesDropout = dropout;
    }

    /// <summary>Whether this is DropNN (dropout in training) rather than NN.</summary>
    public bool UsesDropout { get; }

    /// <inheritdoc />
    protected override FitResult Train(ContinualTask task, IProgress<TrainingProgress>? progress) =>
        Fit(task.TrainX, task.TrainY, task, progress);
}
