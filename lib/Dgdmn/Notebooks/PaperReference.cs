using Dgdmn.Experiments;
using Dgdmn.Reporting;

namespace Dgdmn.Notebooks;

/// <summary>
/// The kit's committed paper-scale results (<see cref="ReferenceResults"/>) as a notebook shows them beside its
/// live quick-scale run: the same figure drawn from the reference, titled "paper scale, N seeds, mean ± SEM",
/// loaded from files in milliseconds. Where no reference is committed yet, a one-line note says why.
/// </summary>
public static class PaperReference
{
    /// <summary>
    /// <paramref name="draw"/> applied to the reference of <paramref name="experiment"/> (a <see cref="ChartView"/>
    /// with the caption in its title), or the reason it is not committed yet (a string).
    /// </summary>
    /// <param name="experiment">Experiment name, e.g. "digits".</param>
    /// <param name="draw">The figure, e.g. <c>r =&gt; Figures.AverageSoFar(r)</c>.</param>
    public static object Figure(string experiment, Func<RunResult, ChartView> draw)
    {
        ArgumentNullException.ThrowIfNull(draw);
        if (Find(experiment, out _) is not { } reference) return $"(No paper-scale reference of '{experiment}' yet; the caption above says why.)";
        var chart = draw(reference);
        return chart.WithTitle($"{chart.Title} · {ReferenceResults.Caption(reference)}");
    }

    /// <summary>The ACC/BWT table of the reference (mean ± SEM per method, the paper's numbers beside), or why there is none.</summary>
    /// <param name="experiment">Experiment name.</param>
    public static object Table(string experiment) =>
        Find(experiment, out _) is { } reference ? DisplayTable.Rounded(Figures.AccBwtTable(reference)) : $"(No paper-scale reference of '{experiment}' yet; the caption above says why.)";

    /// <summary>The claim checks measured on the reference (<see cref="Figures.ClaimTable"/>), or why there is none.</summary>
    /// <param name="experiment">Experiment name.</param>
    public static object Claims(string experiment) =>
        Find(experiment, out _) is { } reference ? Figures.ClaimTable(reference) : $"(No paper-scale reference of '{experiment}' yet; the caption above says why.)";

    /// <summary>"digits, paper scale, 3 seeds, mean ± SEM; 5,123 CPU-s on …": what the reference is and what it cost.</summary>
    /// <param name="experiment">Experiment name.</param>
    public static string Caption(string experiment)
    {
        if (Find(experiment, out var note) is not { } reference) return note;
        var provenance = ReferenceResults.LoadProvenance(experiment);
        var commit = provenance.Runs.Select(r => r.Commit).Distinct().Select(c => c.Length > 7 ? c[..7] : c);
        // Drawn streams (Shapes, Hindi) read no dataset files, so their runs record no checksums.
        var data = provenance.Runs.Any(r => r.DatasetSha256.Count > 0)
            ? reference.Dataset == Data.DatasetKind.Mnist ? " on MNIST" : " on Fashion-MNIST" : "";
        return $"Reference: {experiment}, {ReferenceResults.Caption(reference)}{data}; {provenance.CpuSeconds:N0} CPU-s, " +
               $"commit {string.Join("/", commit)}, finished {provenance.Runs.Max(r => r.Finished):yyyy-MM-dd}" +
               (provenance.Note.Length > 0 ? $"; {provenance.Note}" : "") + ".";
    }

    private static RunResult? Find(string experiment, out string note)
    {
        note = "";
        try
        {
            if (ReferenceResults.TryLoad(experiment) is { } found) return found;
            var root = ReferenceResults.Root();
            var entry = File.Exists(Path.Combine(root, ReferenceResults.ManifestFile))
                ? ReferenceResults.Manifest(root).FirstOrDefault(e => e.Experiment == experiment) : null;
            note = $"No paper-scale reference of '{experiment}' is committed yet" + (entry is { Note.Length: > 0 } ? $" ({entry.Note})." : ".");
        }
        catch (DirectoryNotFoundException e)
        {
            note = e.Message;
        }
        return null;
    }
}
