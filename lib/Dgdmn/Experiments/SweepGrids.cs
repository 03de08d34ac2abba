using System.Text.Json.Serialization;

namespace Dgdmn.Experiments;

/// <summary>
/// The value grids of the sweep experiments, each null to keep the experiment's own: κ and n_STM of sensitivity
/// (<see cref="SensitivityExperiment"/>), noise σ and occlusion factors of robustness (<see cref="RobustnessExperiment"/>).
/// Only the grids set enter the configuration hash, so the experiments' own runs keep their hashes.
/// </summary>
public sealed record SweepGrids
{
    /// <summary>κ values of the sensitivity sweep, each in [0, 1).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<double>? Kappas { get; init; }

    /// <summary>n_STM values of the sensitivity sweep, each at least 1.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<int>? ShortTermMemories { get; init; }

    /// <summary>Gaussian noise σ values of the robustness curves, each non-negative.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<double>? NoiseLevels { get; init; }

    /// <summary>Central occlusion factors of the robustness curves (the band's width as a share of the image's), each in (0, 1].</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<double>? OcclusionFactors { get; init; }

    /// <summary>Whether any grid is set.</summary>
    [JsonIgnore]
    public bool IsSet => Kappas is not null || ShortTermMemories is not null || NoiseLevels is not null || OcclusionFactors is not null;

    /// <summary>Throws naming the first empty grid or value out of range.</summary>
    public void Validate()
    {
        static void Check<T>(string name, IReadOnlyList<T>? grid, Func<T, bool> ok, string range)
        {
            if (grid is null) return;
            if (grid.Count == 0) throw new ArgumentException($"SweepGrids.{name} is empty; give at least one value or null for the experiment's own grid.");
            foreach (var v in grid)
                if (!ok(v)) throw new ArgumentException($"SweepGrids.{name} holds {v}; every value must be {range}.");
            if (grid.Distinct().Count() != grid.Count) throw new ArgumentException($"SweepGrids.{name} repeats a value; each grid point is one run.");
        }
        Check(nameof(Kappas), Kappas, k => k is >= 0 and < 1, "in [0, 1)");
        Check(nameof(ShortTermMemories), ShortTermMemories, n => n >= 1, "at least 1");
        Check(nameof(NoiseLevels), NoiseLevels, s => s >= 0 && double.IsFinite(s), "non-negative and finite");
        Check(nameof(OcclusionFactors), OcclusionFactors, f => f is > 0 and <= 1, "in (0, 1]");
    }
}
