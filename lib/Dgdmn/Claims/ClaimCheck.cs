using System.Globalization;
using Dgdmn.Experiments;
using Dgdmn.Metrics;

namespace Dgdmn.Claims;

/// <summary>What one claim check measured on one set of results.</summary>
/// <param name="Check">The check.</param>
/// <param name="Measured">Its figure, mean ± SEM over seeds (Count 0 when it could not be measured).</param>
/// <param name="Holds">Whether the figure meets the threshold.</param>
/// <param name="Detail">What could not be measured, or extra numbers behind the figure.</param>
public sealed record ClaimOutcome(ClaimCheck Check, MeanSem Measured, bool Holds, string Detail = "")
{
    /// <summary>One line: id, figure, threshold, measured mean ± SEM, holds or not.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Check.Id,-13}{Check.Figure}  [{Check.Threshold}]  measured {(Measured.Count == 0 ? "—" : $"{Measured.ToString(3)} (n={Measured.Count})")}  " +
        $"{(Holds ? "holds" : "DOES NOT HOLD")}{(Detail.Length > 0 ? $"  ({Detail})" : "")}");
}

/// <summary>
/// One testable claim of the paper (docs/method.md §7, or an ordering of its Fig. 4) as code: a figure computed per
/// seed from one experiment's results, a threshold, and why the threshold is what it is.
/// </summary>
/// <param name="Id">C1, C3, … or Fig4b-order.</param>
/// <param name="Claim">The claim in one sentence.</param>
/// <param name="Experiment">The experiment whose results it reads.</param>
/// <param name="Figure">What is measured, e.g. "ACC(PPR) − ACC(NN)".</param>
/// <param name="Threshold">The pass rule as text, e.g. "|x| ≤ 0.05".</param>
/// <param name="Why">Why that threshold.</param>
/// <param name="PerSeed">The figure for each seed of the results (empty when the results lack what it needs).</param>
/// <param name="Passes">The pass rule on the mean.</param>
public sealed record ClaimCheck(string Id, string Claim, string Experiment, string Figure, string Threshold, string Why,
    Func<RunResult, IReadOnlyList<double>> PerSeed, Func<double, bool> Passes)
{
    /// <summary>Measures the check on <paramref name="result"/> (a run of <see cref="Experiment"/>).</summary>
    public ClaimOutcome Evaluate(RunResult result)
    {
        IReadOnlyList<double> values;
        try { values = PerSeed(result); }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or ArgumentException)
        {
            return new ClaimOutcome(this, new MeanSem(double.NaN, double.NaN, 0), false, e.Message);
        }
        if (values.Count == 0) return new ClaimOutcome(this, new MeanSem(double.NaN, double.NaN, 0), false, "the results lack what this check needs");
        var measured = MeanSem.Of(values);
        return new ClaimOutcome(this, measured, Passes(measured.Mean));
    }

    /// <summary>The outcome when the experiment's results do not exist (yet).</summary>
    public ClaimOutcome Missing(string why) => new(this, new MeanSem(double.NaN, double.NaN, 0), false, why);
}
