using Dgdmn.Data;
using Dgdmn.Methods;

namespace Dgdmn.Experiments;

/// <summary>
/// The single place where the experiment layer meets the concrete streams and methods: how a
/// <see cref="Benchmark"/> becomes a <see cref="TaskStream"/> and a method name becomes an
/// <see cref="IContinualMethod"/>. <see cref="ExperimentRunner"/> uses these unless its
/// <see cref="RunnerOptions"/> supply others (tests pass fakes there).
/// </summary>
public static class KitFactories
{
    /// <summary>Builds the stream a benchmark names, with the given options (seed, caps, dataset, device).</summary>
    public static Func<Benchmark, StreamOptions, TaskStream> Streams { get; } = CreateStream;

    /// <summary>Builds a fresh method for one run.</summary>
    public static Func<string, MethodContext, IContinualMethod> Methods { get; } = MethodCatalog.Create;

    private static TaskStream CreateStream(Benchmark benchmark, StreamOptions options) => benchmark.Stream switch
    {
        "permnist" when benchmark.ParametersOr(new PermnistParameters()) is var p => Permnist.Create(options, p.Tasks, p.Fraction),
        "tdigits" => TDigits.Create(options, benchmark.ParametersOr(new TDigitsParameters()).Order),
        "split-mnist" when benchmark.ParametersOr(new SplitMnistParameters()) is var p => SplitMnist.Create(options, p.ShuffledPairs, p.DomainLabels),
        _ when benchmark.Parameters is { } p => throw new ArgumentException($"Stream '{benchmark.Stream}' takes no parameters but was given {p.GetType().Name}."),
        "digits" => Digits.Create(options),
        "shapes" => Shapes.Create(options),
        "hindi" => Hindi.Create(options),
        _ => throw new InvalidOperationException(
            $"Stream '{benchmark.Stream}' is not wired into the experiment runner yet: add it to KitFactories.CreateStream " +
            "(lib/Dgdmn/Experiments/KitFactories.cs), or pass RunnerOptions.Streams."),
    };
}
