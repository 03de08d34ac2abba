namespace Dgdmn.Metrics;

/// <summary>
/// Task-averaged continual-learning metrics over an <see cref="AccuracyMatrix"/> (spec §1.4; GEM formulas,
/// Lopez-Paz and Ranzato 2017, the project default). Pure functions.
/// </summary>
/// <remarks>
/// Indices are 0-based: <c>t</c> is a row ("after task t"), <c>i</c> a task. The spec's 1-based
/// A(t) is <c>AverageSoFar(r, t - 1)</c> here. Metrics over the final row (ACC, BWT, forgetting, FWT) need a
/// complete matrix; those averaging over T − 1 tasks return <see cref="double.NaN"/> for a one-task stream.
/// </remarks>
public static class ContinualMetrics
{
    /// <summary>ACC = (1/T) Σ_i R[T−1, i]: mean accuracy over all tasks after the last one.</summary>
    public static double Acc(AccuracyMatrix r)
    {
        RequireComplete(r, nameof(Acc));
        var last = r.Tasks - 1;
        return Enumerable.Range(0, r.Tasks).Average(i => r[last, i]);
    }

    /// <summary>
    /// BWT = (1/(T−1)) Σ_{i&lt;T−1} (R[T−1, i] − R[i, i]): how much learning later tasks changed earlier ones;
    /// negative means forgetting. NaN when T = 1.
    /// </summary>
    public static double Bwt(AccuracyMatrix r)
    {
        RequireComplete(r, nameof(Bwt));
        if (r.Tasks < 2) return double.NaN;
        var last = r.Tasks - 1;
        return Enumerable.Range(0, last).Average(i => r[last, i] - r[i, i]);
    }

    /// <summary>
    /// Forgetting (Chaudhry et al. 2018) = (1/(T−1)) Σ_{j&lt;T−1} (max_{j ≤ l &lt; T−1} R[l, j] − R[T−1, j]):
    /// mean drop from each old task's best accuracy to its final one. NaN when T = 1.
    /// </summary>
    public static double Forgetting(AccuracyMatrix r)
    {
        RequireComplete(r, nameof(Forgetting));
        if (r.Tasks < 2) return double.NaN;
        var last = r.Tasks - 1;
        return Enumerable.Range(0, last).Average(j =>
            Enumerable.Range(j, last - j).Max(l => r[l, j]) - r[last, j]);
    }

    /// <summary>A(t) = (1/(t+1)) Σ_{i ≤ t} R[t, i]: mean accuracy over the tasks seen so far, after task t (0-based; the paper's Figs. 4, 5a).</summary>
    public static double AverageSoFar(AccuracyMatrix r, int t)
    {
        RequireRow(r, t);
        return Enumerable.Range(0, t + 1).Average(i => r[t, i]);
    }

    /// <summary>
    /// A_k(t) = mean of R[t, i] over the last min(k, t+1) seen tasks, i = max(0, t−k+1)..t (0-based; the
    /// paper's Fig. 5b uses k = 10).
    /// </summary>
    public static double LastK(AccuracyMatrix r, int t, int k = 10)
    {
        RequireRow(r, t);
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, "k must be at least 1.");
        var first = Math.Max(0, t - k + 1);
        return Enumerable.Range(first, t - first + 1).Average(i => r[t, i]);
    }

    /// <summary>
    /// FWT = (1/(T−1)) Σ_{i ≥ 1} (R[i−1, i] − b_i): accuracy on each task just before training it, above the
    /// accuracy <paramref name="baseline"/> b_i of a randomly initialised model. NaN when T = 1.
    /// </summary>
    /// <param name="r">A complete matrix.</param>
    /// <param name="baseline">b_i per task, length T (b_0 is unused).</param>
    public static double Fwt(AccuracyMatrix r, IReadOnlyList<double> baseline)
    {
        RequireComplete(r, nameof(Fwt));
        ArgumentNullException.ThrowIfNull(baseline);
        if (baseline.Count != r.Tasks)
            throw new ArgumentException($"FWT needs one baseline accuracy per task ({r.Tasks}); got {baseline.Count}.", nameof(baseline));
        if (r.Tasks < 2) return double.NaN;
        return Enumerable.Range(1, r.Tasks - 1).Average(i => r[i - 1, i] - baseline[i]);
    }

    /// <summary>A(t) for every recorded row t: the "average forgetting curve".</summary>
    public static double[] AverageSoFarCurve(AccuracyMatrix r) =>
        Enumerable.Range(0, r.TrainedTasks).Select(t => AverageSoFar(r, t)).ToArray();

    /// <summary>A_k(t) for every recorded row t.</summary>
    public static double[] LastKCurve(AccuracyMatrix r, int k = 10) =>
        Enumerable.Range(0, r.TrainedTasks).Select(t => LastK(r, t, k)).ToArray();

    private static void RequireComplete(AccuracyMatrix r, string metric)
    {
        ArgumentNullException.ThrowIfNull(r);
        if (!r.IsComplete)
            throw new ArgumentException($"{metric} needs a complete matrix; this one has {r.TrainedTasks} of {r.Tasks} rows (finish or resume the run).", nameof(r));
    }

    private static void RequireRow(AccuracyMatrix r, int t)
    {
        ArgumentNullException.ThrowIfNull(r);
        if ((uint)t >= (uint)r.TrainedTasks)
            throw new ArgumentOutOfRangeException(nameof(t), t, $"Row t must be 0..{r.TrainedTasks - 1} (0-based: after the (t+1)-th task).");
    }
}
