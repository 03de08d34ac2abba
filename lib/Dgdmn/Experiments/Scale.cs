namespace Dgdmn.Experiments;

/// <summary>How big an experiment runs: a CPU-minute preview or the paper's settings.</summary>
public enum Scale
{
    /// <summary>Small per-task caps and few epochs: CI, tests and a first look (well under a minute per experiment).</summary>
    Quick,
    /// <summary>The paper's data sizes, epochs and memory settings (spec §3).</summary>
    Paper,
}
