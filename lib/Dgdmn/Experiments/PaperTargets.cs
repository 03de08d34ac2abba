using System.Globalization;
using System.Text;
using Microsoft.Data.Analysis;

namespace Dgdmn.Experiments;

/// <summary>
/// One number the kit's results are compared with (spec §6, §9): a paper figure read-off, the v2 table, or a
/// community anchor. Values are fractions (0.913, not 91.3 %), except seconds and ratios.
/// </summary>
/// <param name="Benchmark">Benchmark key: digits, permnist, shapes, hindi, tdigits, robustness-noise, robustness-occlusion, split-mnist, permnist-10.</param>
/// <param name="Method">Method name as the command line spells it ("dgr" also stands for the robustness DGM).</param>
/// <param name="Scenario">The scenario the number was measured in (class, task or domain in the CSV).</param>
/// <param name="Metric">acc, bwt, avg_so_far (A(t)), last10 (A_10(t)), accuracy (a curve at <paramref name="X"/>), cumulative_seconds, time_ratio.</param>
/// <param name="T">1-based task index as in the paper's figures, when the metric is a curve over tasks.</param>
/// <param name="X">x value of a robustness curve (noise σ or occlusion factor).</param>
/// <param name="Value">Target value.</param>
/// <param name="Tolerance">Allowed shortfall (spec §6: 0.05; anchors §9.2: 0.03).</param>
/// <param name="Source">Where the number comes from (spec section and publication).</param>
/// <param name="Mark">Confidence mark (spec §0): summary, figure read-off, primary, secondary.</param>
public sealed record PaperTarget(string Benchmark, string Method, Scenario Scenario, string Metric, int? T, double? X, double Value, double Tolerance, string Source, string Mark)
{
    /// <summary>Whether <paramref name="result"/> passes: not more than <see cref="Tolerance"/> below the target (spec §9.2).</summary>
    public bool IsMetBy(double result) => result >= Value - Tolerance;
}

/// <summary>
/// The single table of reference numbers (embedded <c>paper-targets.csv</c>), for charts, notebooks and
/// tolerance checks.
/// </summary>
public static class PaperTargets
{
    private static readonly Lazy<IReadOnlyList<PaperTarget>> Table = new(Load);

    /// <summary>Every target, in file order.</summary>
    public static IReadOnlyList<PaperTarget> All => Table.Value;

    /// <summary>The targets as a DataFrame (columns as in the CSV).</summary>
    public static DataFrame ToDataFrame() => LoadFrame();

    private static IReadOnlyList<PaperTarget> Load()
    {
        var frame = LoadFrame();
        return frame.Rows.Select(r => new PaperTarget(
            (string)r["benchmark"], (string)r["method"], ScenarioNames.Parse((string)r["scenario"]), (string)r["metric"],
            r["t"] is null ? null : Convert.ToInt32(r["t"], CultureInfo.InvariantCulture),
            r["x"] is null ? null : Convert.ToDouble(r["x"], CultureInfo.InvariantCulture),
            Convert.ToDouble(r["value"], CultureInfo.InvariantCulture), Convert.ToDouble(r["tolerance"], CultureInfo.InvariantCulture),
            (string)r["source"], (string)r["mark"])).ToList();
    }

    private static DataFrame LoadFrame()
    {
        using var stream = typeof(PaperTargets).Assembly.GetManifestResourceStream("Dgdmn.Experiments.paper-targets.csv")
            ?? throw new InvalidOperationException("Embedded resource paper-targets.csv is missing from the Dgdmn assembly (check Dgdmn.csproj).");
        return DataFrame.LoadCsv(stream, ',', header: true,
            dataTypes: [typeof(string), typeof(string), typeof(string), typeof(string), typeof(int), typeof(double), typeof(double), typeof(double), typeof(string), typeof(string)],
            encoding: Encoding.UTF8, cultureInfo: CultureInfo.InvariantCulture);
    }
}
