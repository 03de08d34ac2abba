using Dgdmn.Experiments;
using Dgdmn.Tests.Memory;

namespace Dgdmn.Tests.Experiments;

/// <summary>The revision experiment (claim C8) on real Digits at a tiny size.</summary>
[Collection(TorchRngCollection.Name)]
public sealed class RevisionExperimentTests
{
    [Fact]
    public void BothRevisionsStartFromTheSameTrainedNetworkAndMoveOnlyByTheirRevisits()
    {
        var dir = Environment.GetEnvironmentVariable("DGDMN_MNIST_DIR");
        Assert.False(string.IsNullOrWhiteSpace(dir), "DGDMN_MNIST_DIR must name MNIST's IDX files (the 10k subset will do).");
        var definition = ExperimentRegistry.Get("revision") with
        {
            ConfigureStreams = (o, _) => o with { TrainPerTask = 60, TestPerTask = 40, DatasetDirectory = dir },
            ConfigureMethods = (c, _) => c with { Training = c.Training with { LearnerEpochs = 2, VaeEpochs = 3 } },
        };
        var result = new ExperimentRunner().Run(definition, new RunRequest { Seeds = [1], UseCache = false });

        var table = result.Tables.Single(t => t.Name == "revision");
        double[] Column(string name) => table.Columns.Single(c => c.Name == name).Numbers!.ToArray();
        var (extras, tasks, before, after) = (Column("ltm_extras"), Column("task"), Column("before"), Column("after"));
        Assert.Equal(20, table.Rows);                                   // 10 tasks × {with, without} LTM extras
        Assert.Equal(Enumerable.Repeat(1.0, 10).Concat(Enumerable.Repeat(0.0, 10)), extras);
        // "before" is the trained network after the ten tasks: the unit's last row, for both revisions.
        var last = result.Matrices().Single().Value.Row(9);
        Assert.Equal([.. last, .. last], before);
        Assert.Equal(Enumerable.Range(0, 10).Select(t => (double)t).Concat(Enumerable.Range(0, 10).Select(t => (double)t)), tasks);
        // Revising trains the network further, and the two revisions differ only by path (b).
        Assert.NotEqual(before, after);
        Assert.NotEqual(after.Take(10), after.Skip(10));
    }
}
