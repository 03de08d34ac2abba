using Dgdmn.Experiments;

namespace Dgdmn.Tests.Reliability;

/// <summary>
/// Writing results and checkpoints onto a full disk (a 384 KiB tmpfs) fails with an IOException naming the file,
/// and the results and checkpoint written there before stay whole and loadable, with no temporary files left.
/// </summary>
public sealed class DiskFullTests
{
    private const string UnitHash = "d15cf0115d15cf0115d15cf0115d15cf0115d15cf0115d15cf0115d15cf01150";

    [Fact]
    public void AFullDiskGivesAClearErrorAndKeepsEarlierResultsAndCheckpoints()
    {
        using var disk = new SizeLimitedFolder(kib: 384);
        var folder = disk.File("fuzz");
        var checkpoint = disk.File("checkpoints/unit.ckpt");
        var before = ResultsTargets.Sample();
        ResultsStore.Save(before, folder);
        var small = new Checkpoint(1, [[0.5, 0.25]], [new TaskTiming("fuzz", "nn", 1, 0, 0.5, 0, false, 2, 128)], new byte[1000]);
        small.Save(checkpoint, UnitHash);
        var files = Snapshot(disk.Path);

        // Other accuracies (so the CSVs written first differ) and about 1.5 MB of table: the first files fit, a later one does not.
        var big = before with
        {
            Accuracy = [.. before.Accuracy.Select(a => a with { Accuracy = 0.5 })],
            Tables = [new ResultTable("big", [ResultColumn.Of("v", Enumerable.Range(0, 60_000).Select(i => i / 7.0))])],
        };
        var e = Assert.Throws<IOException>(() => ResultsStore.Save(big, folder));
        Assert.Contains("No space left on device", e.Message);
        Assert.Contains(folder, e.Message);
        Assert.Contains("None of the files written with it were changed", e.Message);

        var large = small with { MethodState = new byte[1 << 20] };
        var c = Assert.Throws<IOException>(() => large.Save(checkpoint, UnitHash));
        Assert.Contains(checkpoint, c.Message);
        Assert.Contains("No space left on device", c.Message);

        Assert.Equal(files, Snapshot(disk.Path));   // every earlier file byte for byte, and no temporary files
        Assert.Equal(ResultsStore.ToJson(before), ResultsStore.ToJson(ResultsStore.LoadJson(folder)));
        Assert.NotNull(ResultsStore.TryLoadCache(folder, before.ConfigHash, out _, before.CodeIdentity));
        var loaded = Checkpoint.Load(checkpoint, UnitHash);
        Assert.Equal(small.MethodState, loaded.MethodState);
        Assert.Equal(small.Timings, loaded.Timings);
    }

    private static SortedDictionary<string, string> Snapshot(string root) =>
        new(Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f), f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))), StringComparer.Ordinal);
}
