namespace Dgdmn.Metrics;

/// <summary>
/// Mean ± standard error of the mean across seeds (spec §1.3: 5 seeds, mean ± SEM).
/// SEM = s / √n with the sample standard deviation s (n − 1 in the denominator).
/// </summary>
/// <param name="Mean">Arithmetic mean of the values (NaN when there are none).</param>
/// <param name="Sem">Standard error. For a single value it is 0 by convention (no spread can be estimated; keeps tables and error bars finite): check <paramref name="Count"/>.</param>
/// <param name="Count">Number of values.</param>
public readonly record struct MeanSem(double Mean, double Sem, int Count)
{
    /// <summary>Mean and SEM of <paramref name="values"/>; NaN values propagate (a NaN metric gives a NaN mean).</summary>
    public static MeanSem Of(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var v = values.ToArray();
        if (v.Length == 0) return new MeanSem(double.NaN, double.NaN, 0);
        var mean = v.Average();
        if (v.Length == 1) return new MeanSem(mean, 0, 1);
        var variance = v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1);
        return new MeanSem(mean, Math.Sqrt(variance / v.Length), v.Length);
    }

    /// <summary>
    /// "0.818 ± 0.012" with <paramref name="decimals"/> decimals; one value prints as its mean alone ("0.818"),
    /// since a "± 0.000" would claim a spread nobody measured.
    /// </summary>
    public string ToString(int decimals)
    {
        var format = "F" + decimals;
        var mean = Mean.ToString(format, System.Globalization.CultureInfo.InvariantCulture);
        return Count < 2 ? mean : $"{mean} ± {Sem.ToString(format, System.Globalization.CultureInfo.InvariantCulture)}";
    }

    /// <inheritdoc />
    public override string ToString() => ToString(3);
}
