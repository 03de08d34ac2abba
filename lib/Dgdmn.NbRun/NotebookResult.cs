namespace Dgdmn.NbRun;

/// <summary>Outcome of a notebook run by <see cref="NotebookRunner"/>.</summary>
/// <param name="Notebook">Path of the notebook that ran.</param>
/// <param name="Cells">One entry per code cell, in order; cells not reached before a timeout count as failed.</param>
/// <param name="Seconds">Wall time of the whole run.</param>
/// <param name="TimedOut">True when the run hit its timeout.</param>
public sealed record NotebookResult(string Notebook, IReadOnlyList<CellResult> Cells, double Seconds, bool TimedOut)
{
    /// <summary>Code cells that ran without error.</summary>
    public int Passed => Cells.Count(c => c.Passed);

    /// <summary>Code cells that failed or were not reached.</summary>
    public int Failed => Cells.Count(c => !c.Passed);

    /// <summary>True when every code cell passed.</summary>
    public bool Succeeded => Failed == 0 && !TimedOut;
}
