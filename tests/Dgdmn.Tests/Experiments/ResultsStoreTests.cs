using Dgdmn.Experiments;
using Dgdmn.Reporting;

namespace Dgdmn.Tests.Experiments;

public sealed class ResultsStoreTests
{
    private static RunResult Sample() => new()
    {
        Experiment = "fake", Scale = Scale.Quick, ConfigHash = "abc123", Seeds = [1, 2],
        Accuracy = [.. from seed in new long[] { 1, 2 } from t in Enumerable.Range(0, 2) from i in Enumerable.Range(0, 2)
                      select new AccuracyRecord("fake", "nn", seed, t, i, (1.0 + seed + t * 2 + i) / 7.0)],
        Timings = [new TaskTiming("fake", "nn", 1, 0, 1.0 / 3, 0, false, 6, 1000), new TaskTiming("fake", "nn", 1, 1, 0.25, 0.125, true, 31, 123456789012)],
    };

    [Fact]
    public void AccuracyCsvRoundTripsThroughADataFrame()
    {
        var folder = Fakes.TempFolder();
        var path = Path.Combine(folder, "accuracy.csv");
        var result = Sample();
        Tables.SaveCsv(result.AccuracyFrame(), path);
        Assert.Equal(string.Join(',', Tables.AccuracyColumns), File.ReadLines(path).First());

        var loaded = Tables.LoadAccuracyCsv(path);
        Assert.Equal(result.Accuracy, Tables.ToAccuracyRecords(loaded));
        var again = Path.Combine(folder, "again.csv");
        Tables.SaveCsv(loaded, again);
        Assert.Equal(File.ReadAllText(path), File.ReadAllText(again));
    }

    [Fact]
    public void SummaryAndTimingCsvKeepTheirExactColumnsAndValues()
    {
        var folder = Fakes.TempFolder();
        var result = Sample();
        ResultsStore.Save(result, folder);
        Assert.Equal("experiment,method,acc_mean,acc_sem,bwt_mean,bwt_sem,train_seconds", File.ReadLines(Path.Combine(folder, "summary.csv")).First());
        var summary = Tables.LoadSummaryCsv(Path.Combine(folder, "summary.csv"));
        Assert.Equal(result.Summary()[0].AccMean, (double)summary["acc_mean"][0]!, 15);
        var timings = Tables.LoadTimingsCsv(Path.Combine(folder, "times.csv"));
        Assert.Equal(123456789012L, (long)timings["samples"][1]!);
        Assert.True((bool)timings["slept"][1]!);
    }

    [Fact]
    public void JsonRoundTripKeepsEveryRecord()
    {
        var result = Sample() with { Tables = [new ResultTable("t", [ResultColumn.Of("v", [double.NaN, 1.5])])] };
        var back = ResultsStore.FromJson(ResultsStore.ToJson(result));
        Assert.Equal(result.Accuracy, back.Accuracy);
        Assert.Equal(result.Timings, back.Timings);
        Assert.True(double.IsNaN(back.Tables[0].Columns[0].Numbers![0]));
    }

    [Fact]
    public void CsvWithOtherColumnsIsRejectedNamingTheFile()
    {
        var path = Path.Combine(Fakes.TempFolder(), "accuracy.csv");
        File.WriteAllText(path, "experiment,method,seed,task,accuracy\nx,nn,1,0,0.5\n");
        var e = Assert.Throws<InvalidDataException>(() => Tables.LoadAccuracyCsv(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void FormatAlignsColumns()
    {
        var text = Tables.Format(Sample().SummaryFrame());
        var lines = text.TrimEnd().Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.Equal(lines[0].Length, lines[1].Length);   // last column numeric, right-aligned
    }
}
