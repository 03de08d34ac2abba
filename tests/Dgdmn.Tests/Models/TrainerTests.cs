using Dgdmn.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Dgdmn.Tests.Models;

public sealed class TrainerTests
{
    private static readonly TrainingConfig Config = TrainingConfig.Paper with { BatchSize = 32 };

    private static (Tensor X, Tensor Y) Blobs(int n, long seed)
    {
        // Two separable classes: bright left half vs bright right half.
        using var g = Seeds.Generator(seed, "blobs");
        var y = randint(0, 2, new long[] { n }, generator: g);
        var x = rand(new long[] { n, 784 }, generator: g) * 0.2;
        var mask = zeros(n, 784);
        mask.index_put_(ones(1), TensorIndex.Colon, TensorIndex.Slice(0, 392));
        var flip = mask.flip(1);
        x = x + 0.8 * where(y.unsqueeze(1).eq(0), mask, flip);
        return (x.clamp(0, 1), y);
    }

    [Fact]
    public void LearnerFitsSeparableDataAndLossFalls()
    {
        using var scope = NewDisposeScope();
        var (x, y) = Blobs(256, 1);
        Seeds.SeedTorch(1, "init");
        using var learner = new Learner("l", 784, [32], 2);
        var fit = Trainer.Fit(learner, x, y, 3, Config, seed: 7, new FitLabel("test", 0, "learner"));
        Assert.Equal(3, fit.EpochLosses.Count);
        Assert.Equal(3 * 256, fit.SamplesProcessed);
        Assert.True(fit.EpochLosses[^1] < fit.EpochLosses[0]);
        var accuracy = learner.Logits(x).argmax(1).eq(y).to(float32).mean().item<float>();
        Assert.True(accuracy > 0.95, $"accuracy {accuracy}");
        Assert.False(learner.training);
    }

    // Counts the steps the loop takes and the losses it is given (replay mixing checked by hand below).
    private sealed class CountingOptimizer : IOptimizer
    {
        public int Steps { get; private set; }
        public void ZeroGrad() { }
        public void Step() => Steps++;
        public void Save(BinaryWriter writer) { }
        public void Load(BinaryReader reader) { }
        public void Dispose() { }
    }

    [Fact]
    public void AnIterationScheduleTakesExactlyThatManyStepsAcrossReshuffledPasses()
    {
        using var scope = NewDisposeScope();
        var (x, y) = Blobs(300, 4);                     // batch 128: passes of 128 + 128 + 44 rows
        Seeds.SeedTorch(1, "init");
        using var learner = new Learner("l", 784, [8], 2);
        var counter = new CountingOptimizer();
        var fit = Trainer.Fit(learner, x, y, epochs: 99, TrainingConfig.Paper with { Iterations = 7 }, seed: 3,
            new FitLabel("test", 0, "learner"), optimizer: counter);
        Assert.Equal(7, counter.Steps);                 // not 99 epochs: the iteration count rules
        Assert.Equal(3, fit.Epochs);                    // 3 + 3 + 1 steps
        Assert.Equal(300 + 300 + 128, fit.SamplesProcessed);
        var epochs = Trainer.Fit(learner, x, y, epochs: 2, TrainingConfig.Paper, seed: 3, new FitLabel("test", 0, "learner"), optimizer: counter);
        Assert.Equal(7 + 6, counter.Steps);             // the epoch schedule: 2 passes of 3 batches
        Assert.Equal(600, epochs.SamplesProcessed);
    }

    [Fact]
    public void AReplayStreamMixesItsLossIntoEveryStepByTheCurrentWeight()
    {
        using var scope = NewDisposeScope();
        var (x, y) = Blobs(64, 5);
        Seeds.SeedTorch(1, "init");
        using var learner = new Learner("l", 784, [8], 2);
        int draws = 0;
        // Current loss fixed at 1, replay loss at 5: every step's loss is 0.25 · 1 + 0.75 · 5 = 4.
        var replay = new ReplayStream(() => { draws++; return (x.narrow(0, 0, 4), null); }, 0.25,
            (xr, _) => learner.forward(xr).sum().mul(0).add(5));
        var fit = Trainer.Fit(learner, x, y, 1, TrainingConfig.Paper with { BatchSize = 16 }, seed: 1, new FitLabel("test", 0, "learner"),
            optimizer: new CountingOptimizer(), loss: (xb, _) => learner.forward(xb).sum().mul(0).add(1), replay: replay);
        Assert.Equal(4, draws);                         // a fresh replay batch per step
        Assert.Equal(4.0, fit.EpochLosses[0], 5);
        Assert.Throws<ArgumentException>(() => Trainer.Fit(learner, x, y, 1, TrainingConfig.Paper, 1, new FitLabel("test", 0, "learner"),
            replay: replay with { CurrentWeight = 1.5 }));
    }

    [Fact]
    public void SameSeedGivesIdenticalWeights()
    {
        using var scope = NewDisposeScope();
        var (x, y) = Blobs(128, 2);
        Tensor Train()
        {
            Seeds.SeedTorch(3, "init");
            using var learner = new Learner("l", 784, [16], 2, dropout: 0.5);
            Trainer.Fit(learner, x, y, 2, Config, seed: 11, new FitLabel("test", 0, "learner"));
            return learner.Logits(x);
        }
        var first = Train(); var second = Train();
        Assert.True(first.eq(second).all().item<bool>());
    }

    [Fact]
    public void VaeLossFallsAndSamplesAreImages()
    {
        using var scope = NewDisposeScope();
        var (x, _) = Blobs(256, 3);
        Seeds.SeedTorch(1, "init");
        using var vae = new Vae("v", 784, [64], 4);
        var fit = Trainer.Fit(vae, x, null, 4, Config, seed: 5, new FitLabel("test", 0, "vae"));
        Assert.True(fit.EpochLosses[^1] < fit.EpochLosses[0]);
        using var g = Seeds.Generator(1, "sample");
        var samples = vae.Sample(10, g);
        Assert.Equal(new long[] { 10, 784 }, samples.shape);
        Assert.True(samples.min().item<float>() >= 0 && samples.max().item<float>() <= 1);
        var recon = vae.Reconstruct(x);
        Assert.Equal(x.shape, recon.shape);
    }

    [Fact]
    public void NanLossStopsWithAMessageNamingTheModelAndEpoch()
    {
        using var scope = NewDisposeScope();
        var (x, y) = Blobs(64, 4);
        using var learner = new Learner("l", 784, [8], 2);
        var bad = x.clone();
        bad[0, 0] = tensor(float.NaN);
        var e = Assert.Throws<NonFiniteLossException>(() =>
            Trainer.Fit(learner, bad, y, 2, Config, 1, new FitLabel("nn", 3, "learner")));
        Assert.Contains("nn", e.Message);
        Assert.Contains("learner", e.Message);
        Assert.Contains("task 3", e.Message);
        Assert.Equal(1, e.Epoch);
    }

    [Fact]
    public void EmptyTaskAndBadConfigAreRejectedByName()
    {
        using var scope = NewDisposeScope();
        using var learner = new Learner("l", 784, [8], 2);
        var e = Assert.Throws<ArgumentException>(() =>
            Trainer.Fit(learner, zeros(0, 784), zeros(0, dtype: int64), 1, Config, 1, new FitLabel("nn", 0, "learner")));
        Assert.Contains("empty task", e.Message);
        var c = Assert.Throws<ArgumentException>(() => (Config with { Rho = 1.5 }).Validate());
        Assert.Contains("Rho", c.Message);
    }

    [Fact]
    public void TrainingLeavesNoLiveTensorsBehind()
    {
        using var outer = NewDisposeScope();
        var (x, y) = Blobs(128, 5);
        using var learner = new Learner("l", 784, [16], 2);
        Trainer.Fit(learner, x, y, 1, Config, 1, new FitLabel("t", 0, "learner"));   // warm-up
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        Trainer.Fit(learner, x, y, 2, Config, 2, new FitLabel("t", 0, "learner"));
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}
