using Dgdmn.Metrics;

namespace Dgdmn.Tests.Metrics;

public sealed class ContinualMetricsTests
{
    // Pencil-checkable: ACC = 2.1/3 = 0.7; BWT = ((0.5-0.9)+(0.7-0.8))/2 = -0.25; forgetting = (0.4+0.1)/2.
    private static readonly AccuracyMatrix Three = AccuracyMatrix.FromArray(new[,]
    {
        { 0.9, 0.1, 0.0 },
        { 0.6, 0.8, 0.2 },
        { 0.5, 0.7, 0.9 },
    });

    // R[2,0] = 1.0 beats the diagonal R[0,0] = 0.7, so forgetting (0.6+0.4+0.4)/3 differs from -BWT (0.3+0.4+0.4)/3.
    private static readonly AccuracyMatrix Four = AccuracyMatrix.FromArray(new[,]
    {
        { 0.7, 0.0, 0.0, 0.2 },
        { 0.5, 0.9, 0.3, 0.1 },
        { 1.0, 0.6, 1.0, 0.0 },
        { 0.4, 0.5, 0.6, 0.8 },
    });

    [Fact]
    public void AccIsTheMeanOfTheLastRow()
    {
        Assert.Equal(0.7, ContinualMetrics.Acc(Three), 12);
        Assert.Equal(0.575, ContinualMetrics.Acc(Four), 12);
    }

    [Fact]
    public void BwtComparesTheLastRowWithTheDiagonal()
    {
        Assert.Equal(-0.25, ContinualMetrics.Bwt(Three), 12);
        Assert.Equal(-1.1 / 3, ContinualMetrics.Bwt(Four), 12);
    }

    [Fact]
    public void ForgettingUsesTheBestEarlierAccuracyNotTheDiagonal()
    {
        Assert.Equal(0.25, ContinualMetrics.Forgetting(Three), 12);
        Assert.Equal(1.4 / 3, ContinualMetrics.Forgetting(Four), 12);
    }

    [Fact]
    public void AverageSoFarAveragesTheSeenTasksOfRowT()
    {
        Assert.Equal(new[] { 0.9, 0.7, 0.7 }, ContinualMetrics.AverageSoFarCurve(Three).Select(a => Math.Round(a, 12)));
        Assert.Equal(0.7, ContinualMetrics.AverageSoFar(Four, 0), 12);
        Assert.Equal(0.7, ContinualMetrics.AverageSoFar(Four, 1), 12);
        Assert.Equal(2.6 / 3, ContinualMetrics.AverageSoFar(Four, 2), 12);
        Assert.Equal(0.575, ContinualMetrics.AverageSoFar(Four, 3), 12);
    }

    [Fact]
    public void LastKAveragesOnlyTheNewestKSeenTasks()
    {
        Assert.Equal(0.7, ContinualMetrics.LastK(Four, 3, k: 2), 12);            // (0.6 + 0.8) / 2
        Assert.Equal((0.6 + 1.0) / 2, ContinualMetrics.LastK(Four, 2, k: 2), 12);
        Assert.Equal(0.7, ContinualMetrics.LastK(Four, 0, k: 2), 12);            // min(k, t+1) = 1 task
        Assert.Equal(ContinualMetrics.AverageSoFar(Four, 3), ContinualMetrics.LastK(Four, 3), 12); // k = 10 > T
    }

    [Fact]
    public void FwtComparesAccuracyBeforeTrainingWithTheBaseline()
    {
        Assert.Equal(0.05, ContinualMetrics.Fwt(Three, new[] { 0.1, 0.1, 0.1 }), 12);              // (0.0 + 0.1) / 2
        Assert.Equal(0.05 / 3, ContinualMetrics.Fwt(Four, new[] { 0.1, 0.2, 0.0, 0.05 }), 12);     // (-0.2 + 0.3 - 0.05) / 3
    }

    [Fact]
    public void OneTaskStreamHasAccButNoBackwardMetrics()
    {
        var one = AccuracyMatrix.FromArray(new[,] { { 0.8 } });
        Assert.Equal(0.8, ContinualMetrics.Acc(one), 12);
        Assert.True(double.IsNaN(ContinualMetrics.Bwt(one)));
        Assert.True(double.IsNaN(ContinualMetrics.Forgetting(one)));
    }

    [Fact]
    public void FinalRowMetricsRejectAPartialMatrix()
    {
        var partial = new AccuracyMatrix(new[] { new[] { 0.9, 0.1, 0.0 } });
        var e = Assert.Throws<ArgumentException>(() => ContinualMetrics.Acc(partial));
        Assert.Contains("1 of 3 rows", e.Message);
        Assert.Equal(0.9, ContinualMetrics.AverageSoFar(partial, 0), 12);
    }

    [Fact]
    public void MatrixRejectsAccuraciesOutsideZeroOneAndRaggedRows()
    {
        Assert.Throws<ArgumentException>(() => AccuracyMatrix.FromArray(new[,] { { 1.2, 0 }, { 0, 0 } }));
        Assert.Throws<ArgumentException>(() => new AccuracyMatrix(new[] { new[] { 0.5, 0.5 }, new[] { 0.5 } }));
    }

    [Fact]
    public void MeanSemUsesTheSampleStandardDeviation()
    {
        var m = MeanSem.Of(new[] { 0.8, 0.9, 1.0 });
        Assert.Equal(0.9, m.Mean, 12);
        Assert.Equal(0.1 / Math.Sqrt(3), m.Sem, 12);
        Assert.Equal(3, m.Count);
        var one = MeanSem.Of(new[] { 0.5 });
        Assert.Equal((0.5, 0.0, 1), (one.Mean, one.Sem, one.Count));
        Assert.Equal("0.900 ± 0.058", m.ToString());
        Assert.Equal("0.500", one.ToString());   // no spread from one seed, so none is printed
        Assert.True(double.IsNaN(MeanSem.Of(Array.Empty<double>()).Mean));
    }
}
