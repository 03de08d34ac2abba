using Dgdmn.Data;

namespace Dgdmn.Tests.Data;

public sealed class TDigitsTests
{
    [Fact]
    public void FortyTasksLabelledTenTimesVariantPlusDigit()
    {
        using var stream = TDigits.Create(DataTestSupport.Mnist(train: 12, test: 6));
        Assert.Equal(("tdigits", 40, 40), (stream.Name, stream.Classes, stream.Count));
        foreach (var task in stream)
        {
            Assert.Equal((12, 6), (task.TrainCount, task.TestCount));
            Assert.Equal(new long[] { 12, 784 }, task.TrainX.shape);
            Assert.All(task.TrainY.data<long>().ToArray().Concat(task.TestY.data<long>().ToArray()), y => Assert.Equal(task.Id, y));
            Assert.True(task.TrainX.min().item<float>() >= 0f && task.TrainX.max().item<float>() <= 1f);
        }
        Assert.Equal("digit 7 upside-down", stream[27].Name);
    }

    [Fact]
    public void VariantsAreExactTransformsOfTheOriginals()
    {
        using var stream = TDigits.Create(DataTestSupport.Mnist(seed: 4, train: 6, test: 4));
        for (int d = 0; d < 10; d++)
        {
            var original = stream[d].TrainX.data<float>().ToArray();
            var originalTest = stream[d].TestX.data<float>().ToArray();
            var mirror = stream[10 + d].TrainX.data<float>().ToArray();
            var flip = stream[20 + d].TrainX.data<float>().ToArray();
            var transpose = stream[30 + d].TrainX.data<float>().ToArray();
            var transposeTest = stream[30 + d].TestX.data<float>().ToArray();
            for (int n = 0; n < 6; n++)
            for (int r = 0; r < 28; r++)
            for (int c = 0; c < 28; c++)
            {
                int at = n * 784 + r * 28 + c;
                Assert.Equal(original[n * 784 + r * 28 + (27 - c)], mirror[at]);
                Assert.Equal(original[n * 784 + (27 - r) * 28 + c], flip[at]);
                Assert.Equal(original[n * 784 + c * 28 + r], transpose[at]);
                if (n < 4) Assert.Equal(originalTest[n * 784 + c * 28 + r], transposeTest[at]);
            }
        }
    }

    [Fact]
    public void OriginalsMatchTheDigitsStream()
    {
        var options = DataTestSupport.Mnist(seed: 9, train: 15, test: 5);
        using var tdigits = TDigits.Create(options);
        using var digits = Digits.Create(options);
        for (int d = 0; d < 10; d++)
            Assert.True(DataTestSupport.Same(digits[d].TrainX, tdigits[d].TrainX));
    }

    [Fact]
    public void TaskOrders()
    {
        Assert.Equal(Enumerable.Range(0, 40), TDigits.ClassOrder(TDigitsOrder.VariantMajor, 1));
        var digitMajor = TDigits.ClassOrder(TDigitsOrder.DigitMajor, 1);
        Assert.Equal(new[] { 0, 10, 20, 30, 1, 11 }, digitMajor.Take(6));
        Assert.Equal(Enumerable.Range(0, 40), digitMajor.OrderBy(c => c));
        var shuffled = TDigits.ClassOrder(TDigitsOrder.Shuffled, 1);
        Assert.Equal(shuffled, TDigits.ClassOrder(TDigitsOrder.Shuffled, 1));
        Assert.NotEqual(shuffled, TDigits.ClassOrder(TDigitsOrder.Shuffled, 2));
        Assert.Equal(Enumerable.Range(0, 40), shuffled.OrderBy(c => c));

        using var stream = TDigits.Create(DataTestSupport.Mnist(train: 3, test: 2), TDigitsOrder.DigitMajor);
        Assert.Equal(11L, stream[5].TrainY[0].item<long>());
        Assert.Equal("digit 1 mirror", stream[5].Name);
    }
}
