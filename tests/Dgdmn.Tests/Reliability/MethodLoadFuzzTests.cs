using Dgdmn.Tests.Memory;
using Xunit.Abstractions;

namespace Dgdmn.Tests.Reliability;

/// <summary>
/// 2,000 seeded mutations of each method's saved state, loaded as a resume loads it: each is rejected with
/// InvalidDataException leaving the method unchanged, or loads (weight bytes have no checksum of their own).
/// </summary>
[Collection(TorchRngCollection.Name)]
public sealed class MethodLoadFuzzTests(ITestOutputHelper output)
{
    public const int Cases = 2000;

    public static TheoryData<string> Methods => ["ewc", "replay", "dgr", "dgdmn", "memory"];

    [Theory]
    [MemberData(nameof(Methods))]
    public void EveryMutationIsRejectedWithoutChangingTheMethodOrLoads(string method)
    {
        IDisposable owner;
        var target = method switch
        {
            "ewc" => MethodStateTargets.Ewc(out owner),
            "replay" => MethodStateTargets.Replay(out owner),
            "dgr" => MethodStateTargets.Dgr(out owner),
            "dgdmn" => MethodStateTargets.Dgdmn(out owner),
            _ => MethodStateTargets.Memory(out owner),
        };
        using (owner)
        {
            var report = Fuzzer.Run(target, Cases, seed: 15);
            output.WriteLine(report.Format());
            Assert.Equal(Cases, report.Outcomes.Count);
            Assert.True(report.Failures.Count == 0, report.Format());
            Assert.True(report.Counts.Keys.Any(k => k.Contains("Rejected", StringComparison.Ordinal)), "no mutation was rejected");
        }
    }
}
