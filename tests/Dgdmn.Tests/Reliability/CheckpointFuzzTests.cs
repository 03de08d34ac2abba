using Dgdmn.Tests.Memory;
using Xunit.Abstractions;

namespace Dgdmn.Tests.Reliability;

/// <summary>
/// 2,000 seeded mutations of a checkpoint: every damaged file is rejected with InvalidDataException naming it (the
/// SHA-256 catches all of them), and damage behind the checksum (re-checksummed payloads) never crashes the reader.
/// </summary>
[Collection(TorchRngCollection.Name)]
public sealed class CheckpointFuzzTests(ITestOutputHelper output)
{
    public const int Cases = 2000;

    [Fact]
    public void EveryDamagedCheckpointIsRejectedClearly()
    {
        var target = CheckpointTargets.Checkpoint(out var owner);
        using (owner)
        {
            var report = Fuzzer.Run(target, Cases, seed: 15);
            output.WriteLine(report.Format());
            Assert.Equal(Cases, report.Outcomes.Count);
            Assert.True(report.Failures.Count == 0, report.Format());
            Assert.DoesNotContain(report.Outcomes, o => !o.Mutation.IsInner && o.Verdict != FuzzVerdict.Rejected);   // the checksum catches every outer change
        }
    }
}
