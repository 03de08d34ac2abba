using Dgdmn.Data;

namespace Dgdmn.Tests.Data;

public sealed class PermnistTests
{
    [Fact]
    public void SixTasksOfTenClassesSameImagesPermutedIdenticallyInTrainAndTest()
    {
        var options = DataTestSupport.Mnist(seed: 3, train: 100, test: 60);
        using var stream = Permnist.Create(options);
        Assert.Equal(("permnist", 10, 6), (stream.Name, stream.Classes, stream.Count));
        var baseTrain = stream[0].TrainX;
        var baseTest = stream[0].TestX;
        Assert.Equal(Enumerable.Range(0, 784).Select(i => (long)i), Permnist.Permutation(3, 0));
        for (int k = 0; k < stream.Count; k++)
        {
            var task = stream[k];
            Assert.Equal($"perm {k}", task.Name);
            Assert.Equal((100, 60), (task.TrainCount, task.TestCount));
            Assert.Equal(10, task.TrainY.unique().Item1.shape[0]);
            Assert.True(DataTestSupport.Same(task.TrainY, stream[0].TrainY));
            using var perm = TorchSharp.torch.tensor(Permnist.Permutation(3, k));
            using var expectedTrain = baseTrain.index_select(1, perm);
            using var expectedTest = baseTest.index_select(1, perm);
            Assert.True(DataTestSupport.Same(expectedTrain, task.TrainX), $"train of task {k} is not π_{k} of task 0");
            Assert.True(DataTestSupport.Same(expectedTest, task.TestX), $"test of task {k} is not π_{k} of task 0");
            Assert.True(task.TrainX.min().item<float>() >= 0f && task.TrainX.max().item<float>() <= 1f);
        }
        Assert.False(DataTestSupport.Same(stream[1].TrainX, stream[2].TrainX));
    }

    [Fact]
    public void PermutationIsFixedBySeedAndTask()
    {
        var p = Permnist.Permutation(7, 2);
        Assert.Equal(p, Permnist.Permutation(7, 2));
        Assert.Equal(Enumerable.Range(0, 784).Select(i => (long)i), p.OrderBy(v => v));
        Assert.NotEqual(p, Permnist.Permutation(8, 2));
        Assert.NotEqual(p, Permnist.Permutation(7, 3));
        Assert.True(p.Where((v, i) => v != i).Count() > 700);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.25)]
    [InlineData(0.5)]
    public void PartialPermutationMovesOnlyItsShareOfPositions(double fraction)
    {
        var p = Permnist.Permutation(1, 4, fraction);
        Assert.Equal(Enumerable.Range(0, 784).Select(i => (long)i), p.OrderBy(v => v));
        int moved = p.Where((v, i) => v != i).Count();
        int budget = (int)Math.Floor(fraction * 784);
        Assert.True(moved <= budget, $"{moved} positions moved, at most {budget} allowed");
        if (fraction > 0) Assert.True(moved > budget / 2, $"only {moved} of {budget} positions moved");
    }

    [Fact]
    public void StreamIsDeterministicAndConfigurable()
    {
        var options = DataTestSupport.Mnist(seed: 2, train: 30, test: 10);
        using var a = Permnist.Create(options, tasks: 3, permuteFraction: 0.5);
        using var b = Permnist.Create(options, tasks: 3, permuteFraction: 0.5);
        Assert.Equal(3, a.Count);
        for (int k = 0; k < 3; k++) Assert.True(DataTestSupport.Same(a[k].TrainX, b[k].TrainX));
        Assert.Throws<ArgumentOutOfRangeException>(() => Permnist.Create(options, permuteFraction: 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Permnist.Create(options, tasks: 0));
    }
}
