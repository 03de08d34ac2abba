using System.Globalization;

namespace Dgdmn.Data;

/// <summary>
/// What a stream takes beyond <see cref="StreamOptions"/>: one typed record per stream that has settings of its
/// own. <see cref="Arguments"/> is their canonical text, which the configuration hash reads.
/// </summary>
public abstract record StreamParameters
{
    /// <summary>The stream these parameters belong to (digits, permnist, tdigits, split-mnist, ...).</summary>
    public abstract string Stream { get; }

    /// <summary>Each setting as name and invariant-culture text, sorted by name (hashed; changing it changes results).</summary>
    public abstract IReadOnlyList<(string Name, string Value)> Arguments { get; }
}

/// <summary>Permnist (spec §4): how many tasks and how much of each image a task's permutation moves (weakness W9).</summary>
/// <param name="Tasks">Tasks: the identity, then Tasks − 1 permutations (paper: 6).</param>
/// <param name="Fraction">Share of pixels each permutation moves (paper: 1.0, every pixel).</param>
public sealed record PermnistParameters(int Tasks = Permnist.DefaultTasks, double Fraction = 1.0) : StreamParameters
{
    /// <inheritdoc />
    public override string Stream => "permnist";

    /// <inheritdoc />
    public override IReadOnlyList<(string Name, string Value)> Arguments =>
        [("fraction", Fraction.ToString("0.0###############", CultureInfo.InvariantCulture)), ("tasks", Tasks.ToString(CultureInfo.InvariantCulture))];
}

/// <summary>TDigits (spec §4): the order of its 40 tasks.</summary>
/// <param name="Order">Task order (paper: variant-major).</param>
public sealed record TDigitsParameters(TDigitsOrder Order = TDigitsOrder.VariantMajor) : StreamParameters
{
    /// <inheritdoc />
    public override string Stream => "tdigits";

    /// <inheritdoc />
    public override IReadOnlyList<(string Name, string Value)> Arguments => [("order", Order.ToString())];
}

/// <summary>Split MNIST (spec §9): which digits pair up and whether labels fold to the position within the pair.</summary>
/// <param name="ShuffledPairs">Pair the digits in a seed-drawn order instead of (0,1), (2,3), ...</param>
/// <param name="DomainLabels">Label each image 0 or 1 by its place in its pair (domain-incremental training with a 2-unit head).</param>
public sealed record SplitMnistParameters(bool ShuffledPairs = false, bool DomainLabels = false) : StreamParameters
{
    /// <inheritdoc />
    public override string Stream => "split-mnist";

    /// <inheritdoc />
    public override IReadOnlyList<(string Name, string Value)> Arguments =>
        [.. DomainLabels ? [("labels", "domain")] : Array.Empty<(string, string)>(), .. ShuffledPairs ? [("pairs", "shuffled")] : Array.Empty<(string, string)>()];
}
