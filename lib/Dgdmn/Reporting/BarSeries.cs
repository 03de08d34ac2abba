namespace Dgdmn.Reporting;

/// <summary>One group of bars of a <see cref="Charts.Bars(string, string, string, IReadOnlyList{string}, BarSeries[])"/> chart.</summary>
/// <param name="Name">Legend entry.</param>
/// <param name="Values">One value per category.</param>
public sealed record BarSeries(string Name, IReadOnlyList<double> Values)
{
    /// <summary>Symmetric error bars (e.g. the SEM over seeds), one per category; null for none.</summary>
    public IReadOnlyList<double>? Error { get; init; }

    internal SeriesSpec ToSpec(int categories)
    {
        if (Values.Count != categories)
            throw new ArgumentException($"Bar series '{Name}' has {Values.Count} values for {categories} categories; give one per category.");
        if (Error is not null && Error.Count != categories)
            throw new ArgumentException($"Bar series '{Name}': Error has {Error.Count} values for {categories} categories.");
        return new SeriesSpec { Name = Name, Y = Values.ToArray(), Error = Error?.ToArray() };
    }
}
