using Xunit.Abstractions;

namespace Dgdmn.Tests.Reliability;

/// <summary>
/// 2,000 seeded mutations of each results file: the cache and results.json beside it are rejected with
/// InvalidDataException naming the file (or, for a cache whose key was damaged, declined and recomputed); a lone
/// results.json (a committed reference) has no checksum, so only damage to its structure or values is caught.
/// </summary>
public sealed class ResultsStoreFuzzTests(ITestOutputHelper output)
{
    public const int Cases = 2000;

    [Fact]
    public void EveryDamagedCacheIsRejectedOrDeclined()
    {
        var report = Fuzzer.Run(ResultsTargets.Cache(), Cases, seed: 15);
        output.WriteLine(report.Format());
        Assert.Equal(Cases, report.Outcomes.Count);
        Assert.True(report.Failures.Count == 0, report.Format());
        Assert.DoesNotContain(report.Outcomes, o => !o.Mutation.IsInner && o.Verdict is not (FuzzVerdict.Rejected or FuzzVerdict.Declined));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void EveryDamagedResultsJsonIsRejectedOrDecodesToAValidResult(bool withCache)
    {
        var report = Fuzzer.Run(ResultsTargets.Json(withCache), Cases, seed: 15);
        output.WriteLine(report.Format());
        Assert.Equal(Cases, report.Outcomes.Count);
        Assert.True(report.Failures.Count == 0, report.Format());
        if (withCache) Assert.All(report.Outcomes, o => Assert.Equal(FuzzVerdict.Rejected, o.Verdict));   // the checksummed copy catches every change
    }
}
