using System.Globalization;

namespace Dgdmn.Notebooks;

/// <summary>
/// A notebook's run parameters: the notebook gives defaults, the environment overrides them, so CI and
/// command-line runs change a notebook's scale without editing it. Variables: <c>DGDMN_SCALE</c> (quick | paper),
/// <c>DGDMN_SEEDS</c> (number of seeds), <c>DGDMN_OUT</c> (output folder).
/// </summary>
public sealed record NotebookParameters
{
    /// <summary>Quick (minutes on a CPU) or Paper (project default: Quick).</summary>
    public NotebookScale Scale { get; init; } = NotebookScale.Quick;

    /// <summary>Number of seeds, run as seeds 1..Seeds (project default: 1).</summary>
    public int Seeds { get; init; } = 1;

    /// <summary>Folder for the notebook's result files (project default: "results", relative to the notebook's folder).</summary>
    public string OutputDirectory { get; init; } = "results";

    /// <summary>True for <see cref="NotebookScale.Paper"/>.</summary>
    public bool IsPaper => Scale == NotebookScale.Paper;

    /// <summary>
    /// <paramref name="defaults"/> (or the project defaults) overridden by <c>DGDMN_SCALE</c>, <c>DGDMN_SEEDS</c> and
    /// <c>DGDMN_OUT</c> where set; <see cref="OutputDirectory"/> comes back as a full path.
    /// </summary>
    /// <exception cref="ArgumentException">A variable holds an invalid value; the message names it and the fix.</exception>
    public static NotebookParameters FromEnvironment(NotebookParameters? defaults = null)
    {
        var p = defaults ?? new NotebookParameters();
        if (Read("DGDMN_SCALE") is { } scale)
            p = p with
            {
                Scale = scale.ToLowerInvariant() switch
                {
                    "quick" => NotebookScale.Quick,
                    "paper" => NotebookScale.Paper,
                    _ => throw new ArgumentException($"DGDMN_SCALE='{scale}' is not a scale; set it to quick or paper, or unset it."),
                },
            };
        if (Read("DGDMN_SEEDS") is { } seeds)
            p = p with
            {
                Seeds = int.TryParse(seeds, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1
                    ? n : throw new ArgumentException($"DGDMN_SEEDS='{seeds}' is not a positive number of seeds; set it to e.g. 3, or unset it."),
            };
        if (Read("DGDMN_OUT") is { } output) p = p with { OutputDirectory = output };
        p.Validate();
        return p with { OutputDirectory = Path.GetFullPath(p.OutputDirectory) };
    }

    private void Validate()
    {
        if (Seeds < 1) throw new ArgumentException($"Seeds = {Seeds}; it must be at least 1.", nameof(Seeds));
        if (string.IsNullOrWhiteSpace(OutputDirectory)) throw new ArgumentException("OutputDirectory is empty; give a folder for results.", nameof(OutputDirectory));
        if (!Enum.IsDefined(Scale)) throw new ArgumentException($"Scale = {Scale} is not Quick or Paper.", nameof(Scale));
    }

    private static string? Read(string name) =>
        Environment.GetEnvironmentVariable(name) is { } v && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
}
