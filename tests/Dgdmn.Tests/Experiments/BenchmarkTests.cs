using Dgdmn.Data;
using Dgdmn.Experiments;

namespace Dgdmn.Tests.Experiments;

/// <summary>Typed stream parameters: the canonical text the configuration hash reads, and who may take which.</summary>
public sealed class BenchmarkTests
{
    [Fact]
    public void TheRegistrysBenchmarksKeepTheTextTheirHashesWereMadeFrom()
    {
        // These strings are hashed into every configuration and checkpoint key; typed parameters must print them unchanged.
        Assert.Equal("permnist(fraction=1.0, tasks=6)/ClassIncremental/id=True", ExperimentRegistry.Get("permnist").Benchmarks[0].ToString());
        Assert.Equal("split-mnist(labels=domain)/DomainIncremental/id=False as domain", ExperimentRegistry.Get("split-mnist").Benchmarks[2].ToString());
        Assert.Equal("tdigits()/ClassIncremental/id=True", ExperimentRegistry.Get("tdigits").Benchmarks[0].ToString());
        Assert.Equal("fraction=0.25, tasks=3", Text(new PermnistParameters(3, 0.25)));
        Assert.Equal("labels=domain, pairs=shuffled", Text(new SplitMnistParameters(ShuffledPairs: true, DomainLabels: true)));
        Assert.Equal("order=DigitMajor", Text(new TDigitsParameters(TDigitsOrder.DigitMajor)));
    }

    [Fact]
    public void ParametersOfAnotherStreamAreRefusedByName()
    {
        var wrong = new Benchmark("permnist", Parameters: new TDigitsParameters());
        var e = Assert.Throws<ArgumentException>(() => wrong.ParametersOr(new PermnistParameters()));
        Assert.Contains("tdigits parameters", e.Message);
        Assert.Contains("PermnistParameters", e.Message);
        Assert.Equal(new PermnistParameters(), new Benchmark("permnist").ParametersOr(new PermnistParameters()));
        var digits = new Benchmark("digits", Parameters: new PermnistParameters());
        Assert.Contains("takes no parameters", Assert.Throws<ArgumentException>(() => KitFactories.Streams(digits, StreamOptions.Quick)).Message);
    }

    private static string Text(StreamParameters p) => string.Join(", ", p.Arguments.Select(a => $"{a.Name}={a.Value}"));
}
