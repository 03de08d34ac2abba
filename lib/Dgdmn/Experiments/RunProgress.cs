using Dgdmn.Methods;
using Dgdmn.Models;

namespace Dgdmn.Experiments;

/// <summary>What a <see cref="RunProgress"/> event reports.</summary>
public enum RunProgressKind
{
    /// <summary>A message worth showing (cache hit, resumed checkpoint, replaced results).</summary>
    Note,
    /// <summary>A unit (benchmark × method × seed) starts or resumes.</summary>
    UnitStarted,
    /// <summary>An epoch of a training call finished (forwarded from the method).</summary>
    Epoch,
    /// <summary>A task was learned, evaluated and checkpointed.</summary>
    TaskFinished,
    /// <summary>A unit finished all its tasks.</summary>
    UnitFinished,
}

/// <summary>Live progress of an experiment run, for progress bars and logs.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Experiment">Experiment label.</param>
/// <param name="Message">Human-readable one-liner.</param>
/// <param name="Method">Method label, when about a unit.</param>
/// <param name="Seed">Seed, when about a unit.</param>
/// <param name="Task">0-based task, when about a task.</param>
/// <param name="Tasks">Tasks in the unit's stream.</param>
/// <param name="UnitsDone">Units finished so far in this run.</param>
/// <param name="Units">Units planned (0 when a custom body decides as it goes).</param>
/// <param name="Training">The method's epoch report, for <see cref="RunProgressKind.Epoch"/>.</param>
public sealed record RunProgress(
    RunProgressKind Kind, string Experiment, string Message,
    string? Method = null, long? Seed = null, int? Task = null, int? Tasks = null,
    int UnitsDone = 0, int Units = 0, TrainingProgress? Training = null);
