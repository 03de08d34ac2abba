using Dgdmn.Data;

namespace Dgdmn.Tests.Data;

public sealed class SplitMnistTests
{
    [Fact]
    public void FiveTasksOfTwoDigitsLabelledByDigit()
    {
        var options = DataTestSupport.Mnist(train: 50, test: 30);
        using var stream = SplitMnist.Create(options);
        Assert.Equal(("split-mnist", 10, 5), (stream.Name, stream.Classes, stream.Count));
        for (int k = 0; k < 5; k++)
        {
            var task = stream[k];
            Assert.Equal($"digits {2 * k},{2 * k + 1}", task.Name);
            Assert.Equal((50, 30), (task.TrainCount, task.TestCount));
            var train = task.TrainY.data<long>().ToArray();
            Assert.Equal(new long[] { 2 * k, 2 * k + 1 }, train.Distinct().OrderBy(y => y));
            Assert.All(task.TestY.data<long>().ToArray(), y => Assert.True(y == 2 * k || y == 2 * k + 1));
        }
    }

    [Fact]
    public void DomainVariantLabelsTheDigitsPositionWithinItsPairOnATwoWayHead()
    {
        var options = DataTestSupport.Mnist(train: 40, test: 20);
        using var classes = SplitMnist.Create(options);
        using var domain = SplitMnist.Create(options, domainLabels: true);
        Assert.Equal(("split-mnist-domain", 2), (domain.Name, domain.Classes));
        for (int k = 0; k < 5; k++)
        {
            var expected = classes[k].TrainY.data<long>().Select(y => y % 2).ToArray();
            Assert.Equal(expected, domain[k].TrainY.data<long>().ToArray());
            Assert.True(domain[k].TrainX.eq(classes[k].TrainX).all().item<bool>());
        }
    }

    [Fact]
    public void UncappedTaskHoldsAllImagesOfItsTwoDigits()
    {
        var options = DataTestSupport.Mnist(train: null, test: null);
        var data = IdxDataset.Load(options);
        using var stream = SplitMnist.Create(options);
        Assert.Equal(data.Train.IndicesOf(4, 5).Length, stream[2].TrainCount);
        Assert.Equal(data.Test.Count, stream.Sum(t => t.TestCount));
    }

    [Fact]
    public void ShuffledPairsAreSeededAndCoverEveryDigitOnce()
    {
        Assert.Equal(new[] { (0, 1), (2, 3), (4, 5), (6, 7), (8, 9) }, SplitMnist.Pairs(1, shuffle: false));
        var p = SplitMnist.Pairs(1, shuffle: true);
        Assert.Equal(p, SplitMnist.Pairs(1, shuffle: true));
        Assert.Equal(Enumerable.Range(0, 10), p.SelectMany(x => new[] { x.First, x.Second }).OrderBy(d => d));
        Assert.Contains(Enumerable.Range(2, 4), s => !SplitMnist.Pairs(s, shuffle: true).SequenceEqual(p));

        using var stream = SplitMnist.Create(DataTestSupport.Mnist(seed: 1, train: 10, test: 5), shufflePairs: true);
        var (a, b) = p[0];
        Assert.Equal(new long[] { Math.Min(a, b), Math.Max(a, b) }, stream[0].TrainY.data<long>().ToArray().Distinct().OrderBy(y => y));
    }
}
