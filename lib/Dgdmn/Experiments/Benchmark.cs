using System.Globalization;

namespace Dgdmn.Experiments;

/// <summary>
/// One task stream an experiment trains on and how it is scored: the stream's name (as
/// <see cref="KitFactories.Streams"/> knows it), its stream-specific parameters and the evaluation scenario.
/// </summary>
/// <param name="Stream">Stream name: digits, permnist, tdigits, split-mnist, shapes, hindi.</param>
/// <param name="Scenario">How predictions are scored.</param>
/// <param name="Parameters">Stream-specific parameters beyond <see cref="Dgdmn.Data.StreamOptions"/> (e.g. tasks=6, fraction=1.0, labels=folded), as invariant-culture strings; part of the configuration hash.</param>
/// <param name="Label">Short name used in result tables when an experiment has several benchmarks (default: the stream name).</param>
/// <param name="TaskIdAtTest">Whether the task descriptor is passed to <c>Scores</c> at test time; null: the scenario's default (<see cref="GivesTaskIdAtTest"/>).</param>
public sealed record Benchmark(
    string Stream,
    Scenario Scenario = Scenario.ClassIncremental,
    IReadOnlyDictionary<string, string>? Parameters = null,
    string? Label = null,
    bool? TaskIdAtTest = null)
{
    /// <summary>
    /// Whether evaluation passes the task id. Default: yes for class- and task-incremental (the paper gives a
    /// descriptor with every query and only DGDMN uses it to route, spec §1.1), no for domain-incremental
    /// (the community's definition: task identity unknown at test).
    /// </summary>
    public bool GivesTaskIdAtTest => TaskIdAtTest ?? Scenario != Scenario.DomainIncremental;

    /// <summary>Whether the stream is built from MNIST (or Fashion-MNIST) files rather than drawn (Shapes, Hindi).</summary>
    public bool ReadsMnist => Stream is not ("shapes" or "hindi");

    /// <summary>The label in result tables: <see cref="Label"/> or the stream name.</summary>
    public string Name => Label ?? Stream;

    /// <summary>Parameters, never null.</summary>
    public IReadOnlyDictionary<string, string> Arguments => Parameters ?? EmptyParameters;

    /// <summary>A parameter parsed as an integer, or <paramref name="fallback"/> when absent.</summary>
    public int Int(string key, int fallback) =>
        Arguments.TryGetValue(key, out var s) ? int.Parse(s, CultureInfo.InvariantCulture) : fallback;

    /// <summary>A parameter parsed as a double, or <paramref name="fallback"/> when absent.</summary>
    public double Double(string key, double fallback) =>
        Arguments.TryGetValue(key, out var s) ? double.Parse(s, CultureInfo.InvariantCulture) : fallback;

    /// <summary>Canonical text "stream(k=v, ...)/Scenario" used in the configuration hash and progress lines.</summary>
    public override string ToString()
    {
        var args = string.Join(", ", Arguments.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
        return $"{Stream}({args})/{Scenario}/id={GivesTaskIdAtTest}" + (Label is null ? "" : $" as {Label}");
    }

    private static readonly IReadOnlyDictionary<string, string> EmptyParameters = new Dictionary<string, string>();
}
