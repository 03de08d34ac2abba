using Dgdmn.Reporting;
using Microsoft.Data.Analysis;

namespace Dgdmn.Tests.Reporting;

public sealed class DisplayTableTests
{
    [Fact]
    public void MeansAndSemsShareAColumnAndNumbersAreRounded()
    {
        var frame = new DataFrame(
            new StringDataFrameColumn("method", ["DGDMN", "NN"]),
            new DoubleDataFrameColumn("acc", [0.37449999, 0.16666666666666666]), new DoubleDataFrameColumn("acc_sem", [0.0191, double.NaN]),
            new DoubleDataFrameColumn("bwt_mean", [-0.59700000000000009, -1]), new DoubleDataFrameColumn("bwt_sem", [0.002, 0]),
            new DoubleDataFrameColumn("paper_acc", [0.818, double.NaN]),
            new Int32DataFrameColumn("seeds", [3, 3]));
        var shown = DisplayTable.Rounded(frame);
        Assert.Equal(["method", "acc", "bwt", "paper_acc", "seeds"], shown.Columns.Select(c => c.Name));
        Assert.Equal("0.374 ± 0.019", shown["acc"][0]);
        Assert.Equal("0.167 ± –", shown["acc"][1]);
        Assert.Equal("-0.597 ± 0.002", shown["bwt"][0]);
        Assert.Equal("–", shown["paper_acc"][1]);
        Assert.Equal(3, shown["seeds"][0]);
        Assert.Equal(0.16666666666666666, (double)frame["acc"][1]!);   // the original keeps every digit

        // One seed measures no SEM: its mean prints alone, the three-seed row keeps its ±.
        var mixed = DisplayTable.Rounded(new DataFrame(new DoubleDataFrameColumn("acc", [0.1, 0.374]), new DoubleDataFrameColumn("acc_sem", [0, 0.019]),
            new Int64DataFrameColumn("seeds", [1, 3])));
        Assert.Equal(["0.100", "0.374 ± 0.019"], new[] { (string)mixed["acc"][0], (string)mixed["acc"][1] });

        // A result table's seed column holds doubles; it reads as the whole number it is.
        var sweep = DisplayTable.Rounded(new DataFrame(new DoubleDataFrameColumn("seed", [1, 2]), new DoubleDataFrameColumn("sigma", [0.005, 0.3])));
        Assert.Equal(["1", "2"], new[] { (string)sweep["seed"][0], (string)sweep["seed"][1] });
        Assert.Equal("0.005", sweep["sigma"][0]);
        Assert.Equal("0.4 ± 0.0", DisplayTable.Rounded(frame, 1)["acc"][0]);
    }
}
