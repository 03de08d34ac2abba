using Dgdmn.Data;

namespace Dgdmn.Experiments;

/// <summary>
/// One task stream an experiment trains on and how it is scored: the stream's name (as
/// <see cref="KitFactories.Streams"/> knows it), its stream-specific parameters and the evaluation scenario.
/// </summary>
/// <param name="Stream">Stream name: digits, permnist, tdigits, split-mnist, shapes, hindi.</param>
/// <param name="Scenario">How predictions are scored.</param>
/// <param name="Parameters">Stream-specific settings beyond <see cref="StreamOptions"/> (<see cref="PermnistParameters"/>, <see cref="TDigitsParameters"/>, <see cref="SplitMnistParameters"/>); null: the stream's defaults. Part of the configuration hash.</param>
/// <param name="Label">Short name used in result tables when an experiment has several benchmarks (default: the stream name).</param>
/// <param name="TaskIdAtTest">Whether the task descriptor is passed to <c>Scores</c> at test time; null: the scenario's default (<see cref="GivesTaskIdAtTest"/>).</param>
public sealed record Benchmark(
    string Stream,
    Scenario Scenario = Scenario.ClassIncremental,
    StreamParameters? Parameters = null,
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

    /// <summary><see cref="Parameters"/> as the stream's own type, or its defaults when none were given.</summary>
    /// <exception cref="ArgumentException">The parameters belong to another stream.</exception>
    public T ParametersOr<T>(T defaults) where T : StreamParameters => Parameters switch
    {
        null => defaults,
        T mine => mine,
        var other => throw new ArgumentException($"Benchmark '{Name}' streams {Stream} but was given {other.Stream} parameters ({other.GetType().Name}); give {typeof(T).Name} or none."),
    };

    /// <summary>Canonical text "stream(k=v, ...)/Scenario" used in the configuration hash and progress lines.</summary>
    public override string ToString()
    {
        var args = string.Join(", ", (Parameters?.Arguments ?? []).OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => $"{p.Name}={p.Value}"));
        return $"{Stream}({args})/{Scenario}/id={GivesTaskIdAtTest}" + (Label is null ? "" : $" as {Label}");
    }
}
