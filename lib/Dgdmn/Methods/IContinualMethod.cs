using Dgdmn.Data;
using static TorchSharp.torch;
using Dgdmn.Models;

namespace Dgdmn.Methods;

/// <summary>
/// What every continual-learning method in the kit does (NN, DropNN, EWC, PPR, ER, Joint, DGR, DGDMN), so the
/// experiment runner and notebooks treat them alike: learn one task at a time, predict, and report.
/// </summary>
public interface IContinualMethod : IDisposable
{
    /// <summary>Method name as the command line spells it: nn, dropnn, ewc, ppr, er, joint, dgr, dgdmn.</summary>
    string Name { get; }

    /// <summary>Learns one task (including any sleep it triggers) and reports what happened.</summary>
    /// <param name="task">The task's labelled training data and its descriptor (id).</param>
    /// <param name="progress">Optional live progress (one report per epoch of each training call).</param>
    TaskReport Learn(ContinualTask task, IProgress<TrainingProgress>? progress = null);

    /// <summary>
    /// Called once after the stream's last task, before the final evaluation: a method that consolidates at the
    /// end (DGDMN with <see cref="Memory.MemoryConfig.SleepAtEnd"/>) does it here. Returns null when nothing was done.
    /// </summary>
    /// <param name="progress">Optional live progress, as in <see cref="Learn"/>.</param>
    TaskReport? EndStream(IProgress<TrainingProgress>? progress = null) => null;

    /// <summary>Class scores (logits), [n, C] float32, for inputs <paramref name="x"/> [n, 784] in [0, 1].</summary>
    /// <param name="x">Inputs; never modified or disposed.</param>
    /// <param name="taskId">Task descriptor when the protocol gives one (DGDMN routes on it); null when it does not.</param>
    /// <remarks>Runs without gradients. Scores rather than classes so an evaluator can mask them (task-IL).</remarks>
    Tensor Scores(Tensor x, int? taskId = null);

    /// <summary>Predicted classes, [n] int64: the argmax of <see cref="Scores"/> over the full head.</summary>
    Tensor Predict(Tensor x, int? taskId = null)
    {
        using var scope = NewDisposeScope();
        return Scores(x, taskId).argmax(1).MoveToOuterDisposeScope();
    }

    /// <summary>Writes all learned state (weights, counters, dictionaries, buffers; no optimiser state).</summary>
    void Save(BinaryWriter writer);

    /// <summary>Restores state written by <see cref="Save"/> into a method built with the same configuration.</summary>
    void Load(BinaryReader reader);
}
