using Xunit.Abstractions;

namespace Dgdmn.Tests.Reliability;

/// <summary>2,000 seeded mutations of each IDX file form: every one is rejected with IdxFormatException naming the file, or decodes to valid data.</summary>
public sealed class IdxReaderFuzzTests(ITestOutputHelper output)
{
    public const int Cases = 2000;

    public static TheoryData<string> Forms => ["images raw", "images gzip", "labels raw", "labels gzip"];

    [Theory]
    [MemberData(nameof(Forms))]
    public void EveryMutationIsRejectedClearlyOrDecodesToValidData(string form)
    {
        bool gzip = form.EndsWith("gzip", StringComparison.Ordinal);
        var target = form.StartsWith("images", StringComparison.Ordinal) ? IdxTargets.Images(gzip) : IdxTargets.Labels(gzip);
        var report = Fuzzer.Run(target, Cases, seed: 15);
        output.WriteLine(report.Format());
        Assert.Equal(Cases, report.Outcomes.Count);
        Assert.True(report.Failures.Count == 0, report.Format());
        Assert.True(report.Counts.Keys.Any(k => k.Contains("Rejected", StringComparison.Ordinal)), "no mutation was rejected: the harness is not reaching the reader");
    }
}
