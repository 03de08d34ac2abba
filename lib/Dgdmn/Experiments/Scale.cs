namespace Dgdmn.Experiments;

/// <summary>How big an experiment runs: a CPU-minute preview or the paper's settings.</summary>
public enum Scale
{
    /// <summary>Small per-task caps and few epochs: CI, tests and a first look (well under a minute per experiment).</summary>
    Quick,
    /// <summary>The paper's data sizes, epochs and memory settings (spec §3).</summary>
    Paper,
}

/// <summary>The names of <see cref="Scale"/> on command lines and in <c>DGDMN_SCALE</c>: quick, paper.</summary>
public static class ScaleNames
{
    /// <summary>"quick" or "paper".</summary>
    public static string Name(this Scale scale) => scale == Scale.Paper ? "paper" : "quick";

    /// <summary>The scale called <paramref name="text"/> (case-insensitive).</summary>
    /// <exception cref="FormatException">Not quick or paper; the message says so.</exception>
    public static Scale Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "quick" => Scale.Quick,
        "paper" => Scale.Paper,
        _ => throw new FormatException($"'{text}' is not a scale; use quick or paper."),
    };
}
