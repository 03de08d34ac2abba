namespace Dgdmn.Notebooks;

/// <summary>How big a notebook's experiments are.</summary>
public enum NotebookScale
{
    /// <summary>Minutes on a CPU: the configs' <c>Quick</c> presets (project default).</summary>
    Quick,

    /// <summary>The paper's settings: the configs' <c>Paper</c> presets; hours on a CPU.</summary>
    Paper,
}
