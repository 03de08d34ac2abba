using System.Globalization;
using Dgdmn.Claims;
using Dgdmn.Experiments;
using Microsoft.Data.Analysis;

namespace Dgdmn.Reporting;

// The claim lines of `claims` as a notebook table, for the run the notebook just made.
public static partial class Figures
{
    /// <summary>
    /// Each claim check that reads <paramref name="result"/>'s experiment (<see cref="ClaimCatalog.Check"/>): the
    /// claim, its figure and threshold, the measured mean ± SEM over the run's seeds, whether it holds, and why the
    /// threshold is what it is. The same lines as the <c>claims</c> command prints.
    /// </summary>
    /// <param name="result">A run of one experiment.</param>
    /// <param name="ids">Only these checks (e.g. "C1a" for a run of some of the experiment's methods); none: all of them.</param>
    /// <exception cref="ArgumentException">No claim (or none of <paramref name="ids"/>) reads this experiment.</exception>
    public static DataFrame ClaimTable(RunResult result, params string[] ids)
    {
        var outcomes = ClaimCatalog.Check(result).Where(o => ids.Length == 0 || ids.Contains(o.Check.Id)).ToList();
        if (outcomes.Count == 0)
            throw new ArgumentException($"No claim check {(ids.Length > 0 ? $"({string.Join(", ", ids)}) " : "")}reads '{result.Experiment}'; " +
                $"checks read {string.Join(", ", ClaimCatalog.Experiments)}.", nameof(result));
        string Measured(ClaimOutcome o) => o.Measured.Count == 0 ? "–"
            : o.Measured.Count == 1 ? o.Measured.Mean.ToString("0.000", CultureInfo.InvariantCulture) + " (1 seed)"
            : string.Create(CultureInfo.InvariantCulture, $"{o.Measured.ToString(3)} ({o.Measured.Count} seeds)");
        return new DataFrame(
            new StringDataFrameColumn("claim", outcomes.Select(o => o.Check.Id)),
            new StringDataFrameColumn("statement", outcomes.Select(o => o.Check.Claim)),
            new StringDataFrameColumn("figure", outcomes.Select(o => o.Check.Figure)),
            new StringDataFrameColumn("threshold", outcomes.Select(o => o.Check.Threshold)),
            new StringDataFrameColumn("measured", outcomes.Select(Measured)),
            new StringDataFrameColumn("verdict", outcomes.Select(o => (o.Holds ? "holds" : "does not hold") + (o.Detail.Length > 0 ? $" ({o.Detail})" : ""))),
            new StringDataFrameColumn("why this threshold", outcomes.Select(o => o.Check.Why)));
    }
}
