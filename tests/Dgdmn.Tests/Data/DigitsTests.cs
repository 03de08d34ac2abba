using Dgdmn.Data;
using static TorchSharp.torch;

namespace Dgdmn.Tests.Data;

public sealed class DigitsTests
{
    [Fact]
    public void TenOneClassTasksWithCapsShapesAndPixelRange()
    {
        using var stream = Digits.Create(DataTestSupport.Mnist(train: 40, test: 20));
        Assert.Equal("digits", stream.Name);
        Assert.Equal(10, stream.Classes);
        Assert.Equal(10, stream.Count);
        foreach (var task in stream)
        {
            Assert.Equal($"digit {task.Id}", task.Name);
            Assert.Equal((40, 20), (task.TrainCount, task.TestCount));
            Assert.Equal(new long[] { 40, 784 }, task.TrainX.shape);
            Assert.Equal(ScalarType.Float32, task.TrainX.dtype);
            Assert.Equal(ScalarType.Int64, task.TrainY.dtype);
            Assert.All(task.TrainY.data<long>().ToArray().Concat(task.TestY.data<long>().ToArray()), y => Assert.Equal(task.Id, y));
            Assert.True(task.TrainX.min().item<float>() >= 0f && task.TrainX.max().item<float>() <= 1f);
            Assert.True(task.TrainX.max().item<float>() > 0.9f, "images should hold ink");
        }
    }

    [Fact]
    public void UncappedStreamUsesEveryImageOnce()
    {
        var options = DataTestSupport.Mnist(train: null, test: null);
        var data = IdxDataset.Load(options);
        using var stream = Digits.Create(options);
        Assert.Equal(data.Train.Count, stream.Sum(t => t.TrainCount));
        Assert.Equal(data.Test.Count, stream.Sum(t => t.TestCount));
        Assert.Equal(data.Train.IndicesOf(3).Length, stream[3].TrainCount);
    }

    [Fact]
    public void SameSeedSameTensorsDifferentSeedDifferentSubsample()
    {
        using var a = Digits.Create(DataTestSupport.Mnist(seed: 5));
        using var b = Digits.Create(DataTestSupport.Mnist(seed: 5));
        using var c = Digits.Create(DataTestSupport.Mnist(seed: 6));
        for (int t = 0; t < 10; t++)
        {
            Assert.True(DataTestSupport.Same(a[t].TrainX, b[t].TrainX));
            Assert.True(DataTestSupport.Same(a[t].TestX, b[t].TestX));
        }
        Assert.Contains(Enumerable.Range(0, 10), t => !DataTestSupport.Same(a[t].TrainX, c[t].TrainX));
    }

    [Fact]
    public void StreamMadeInsideADisposeScopeOutlivesTheScope()
    {
        TaskStream stream;
        using (NewDisposeScope()) stream = Digits.Create(DataTestSupport.Mnist(train: 5, test: 5) with { Device = CPU });
        using (stream)
        {
            Assert.False(stream[0].TrainX.IsInvalid);
            Assert.True(stream[9].TestX.sum().item<float>() > 0f);
        }
    }
}
