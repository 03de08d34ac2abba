using Dgdmn.Experiments;
using Microsoft.Data.Analysis;

namespace Dgdmn.Reporting;

// Fig. 6: accuracy under corruption, from the robustness experiment's tables.
public static partial class Figures
{
    /// <summary>
    /// Fig. 6b/c: accuracy under corruption from the robustness experiment's table "noise" (x: Gaussian noise
    /// stdev) or "occlusion" (x: occlusion factor), NN vs the DGM, with the paper's curves dashed.
    /// </summary>
    /// <param name="result">A run of the robustness experiment.</param>
    /// <param name="table">"noise" or "occlusion".</param>
    public static ChartView Robustness(RunResult result, string table)
    {
        var (x, title) = table switch
        {
            "noise" => ("sigma", "Gaussian noise stdev"),
            "occlusion" => ("factor", "Occlusion factor"),
            _ => throw new ArgumentException($"Robustness table '{table}' is not noise or occlusion.", nameof(table)),
        };
        var series = new List<ChartSeries>();
        foreach (var (group, curve) in Curves(TableOf(result, table), table, x, "accuracy", "method"))
        {
            var method = group!;   // grouped by the "method" column, so every curve has one
            var name = RobustnessExperiment.DisplayName(method);
            var color = ColorOf(method, "", series.Count);
            series.Add(curve with { Name = name, Color = color });
            var refs = PaperTargets.All.Where(p => p.Benchmark == $"robustness-{table}" && p.Method == method && p.X is not null).OrderBy(p => p.X).ToList();
            if (refs.Count > 0)
                series.Add(ChartSeries.Reference($"{name} (paper)", refs.Select(p => p.X!.Value).ToArray(), refs.Select(p => p.Value).ToArray()) with { Color = color });
        }
        return Charts.Lines($"Fig. 6 · accuracy under {table}", title, "Accuracy", series).WithYRange(0, 1.02);
    }
}
