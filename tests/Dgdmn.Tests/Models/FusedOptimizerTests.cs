using Dgdmn.IO;
using Dgdmn.Models;
using TorchSharp;
using Parameter = TorchSharp.Modules.Parameter;
using static TorchSharp.torch;

namespace Dgdmn.Tests.Models;

/// <summary>
/// The fused RMSProp and Adam (flat buffers, a handful of kernels per step) against the per-parameter loop they
/// replace and against torch.optim's update formulas worked by hand; their saved state against the old bytes.
/// </summary>
[Collection(Memory.TorchRngCollection.Name)]
public sealed class FusedOptimizerTests
{
    private const int Steps = 20;

    private static (Tensor X, Tensor Y) Data()
    {
        using var g = Seeds.Generator(1, "data");
        return (rand(new long[] { 64, 784 }, generator: g), randint(0, 10, new long[] { 64 }, generator: g));
    }

    private static Learner Make() { Seeds.SeedTorch(2, "init"); return new Learner("l", 784, [32, 16], 10); }

    public static TheoryData<string> Kinds => new() { "rmsprop", "adam" };

    private static IOptimizer Fused(string kind, Learner l) => kind == "adam"
        ? new Adam(l.parameters(), 1e-3, 0.9, 0.999, 1e-8)
        : new RmsProp(l.parameters(), 1e-3, 0.9, 1e-8);

    private static IOptimizer PerParameter(string kind, Learner l) => kind == "adam"
        ? new PerParameterAdam(l.parameters(), 1e-3, 0.9, 0.999, 1e-8)
        : new PerParameterRmsProp(l.parameters(), 1e-3, 0.9, 1e-8);

    private static void Train(Learner l, IOptimizer o, Tensor x, Tensor y, int steps)
    {
        for (int i = 0; i < steps; i++)
        {
            using var s = NewDisposeScope();
            o.ZeroGrad();
            l.Loss(x, y).backward();
            o.Step();
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void TheFusedStepGivesBitwiseTheWeightsAndStateBytesOfThePerParameterLoop(string kind)
    {
        using var scope = NewDisposeScope();
        var (x, y) = Data();
        using var ours = Make();
        using var theirs = Make();
        using var fused = Fused(kind, ours);
        using var loop = PerParameter(kind, theirs);
        Train(ours, fused, x, y, Steps);
        Train(theirs, loop, x, y, Steps);
        foreach (var (a, b) in ours.parameters().Zip(theirs.parameters()))
            Assert.True(a.eq(b).all().item<bool>(), $"{kind}: largest difference {(a - b).abs().max().item<float>()}");
        Assert.Equal(MethodState.ToBytes(loop.Save), MethodState.ToBytes(fused.Save));
        // The weights did move (20 steps of 1e-3): the comparison is not of two untouched copies.
        using var fresh = Make();
        Assert.True((ours.parameters().First() - fresh.parameters().First()).abs().max().item<float>() > 1e-3);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void StateSavedByThePerParameterLoopLoadsAndResumesExactly(string kind)
    {
        using var scope = NewDisposeScope();
        var (x, y) = Data();
        using var straight = Make();
        using var loop = PerParameter(kind, straight);
        Train(straight, loop, x, y, 5);
        var old = MethodState.ToBytes(loop.Save);
        using var resumed = Make();
        resumed.load(new BinaryReader(new MemoryStream(MethodState.ToBytes(w => straight.save(w)))));
        using var fused = Fused(kind, resumed);
        MethodState.FromBytes(old, fused.Load);
        Assert.Equal(old, MethodState.ToBytes(fused.Save));          // the on-disk format is unchanged
        Train(straight, loop, x, y, 5);
        Train(resumed, fused, x, y, 5);
        foreach (var (a, b) in straight.parameters().Zip(resumed.parameters()))
            Assert.True(a.eq(b).all().item<bool>());
    }

    // Parameters of three shapes with values in [−1, 1], and gradients set by a loss Σ p·c with known c.
    private static Parameter[] HandParameters()
    {
        static Parameter Make(long[] shape, Func<int, double> value)
        {
            int n = (int)shape.Aggregate(1L, (a, b) => a * b);
            return new Parameter(tensor(Enumerable.Range(0, n).Select(k => (float)value(k)).ToArray()).reshape(shape));
        }
        return [Make([3, 4], k => k / 6.0 - 1), Make([5], k => -0.9 + 0.425 * k), Make([2, 1, 3], k => 0.3 * k - 0.7)];
    }

    private static double Coefficient(int parameter, int element, int step) => Math.Sin(0.7 * element + 1.3 * step + parameter);

    private static void Backward(Parameter[] ps, int step)
    {
        using var scope = NewDisposeScope();
        Tensor? loss = null;
        for (int i = 0; i < ps.Length - 1; i++)              // the last parameter never receives a gradient
        {
            var c = tensor(Enumerable.Range(0, (int)ps[i].numel()).Select(k => (float)Coefficient(i, k, step)).ToArray()).view(ps[i].shape);
            var term = ps[i].mul(c).sum();
            loss = loss is null ? term : loss.add(term, Dgdmn.Torch.KeptScalars.One);   // no implicit Scalar (RmsProp's remarks)
        }
        loss!.backward();
    }

    // torch.optim.RMSprop (centered=False, momentum=0, weight_decay=0), ε outside the root:
    //   v ← α·v + (1 − α)·g²;  p ← p − lr·g / (√v + ε).
    // torch.optim.Adam (amsgrad=False, weight_decay=0), bias-corrected, ε added to the corrected root:
    //   m ← β1·m + (1 − β1)·g;  v ← β2·v + (1 − β2)·g²;  p ← p − lr·(m / (1 − β1^t)) / (√(v / (1 − β2^t)) + ε).
    private static double[][] ByHand(string kind, Parameter[] ps, int steps, double lr, double alpha, double beta1, double beta2, double eps)
    {
        var p = ps.Select(t => t.data<float>().Select(v => (double)v).ToArray()).ToArray();
        var m = p.Select(a => new double[a.Length]).ToArray();
        var v = p.Select(a => new double[a.Length]).ToArray();
        for (int t = 1; t <= steps; t++)
            for (int i = 0; i < p.Length; i++)
                for (int k = 0; k < p[i].Length; k++)
                {
                    double g = i == p.Length - 1 ? 0 : (float)Coefficient(i, k, t - 1);   // the float32 gradient backward gives
                    if (kind == "rmsprop")
                    {
                        v[i][k] = alpha * v[i][k] + (1 - alpha) * g * g;
                        p[i][k] -= lr * g / (Math.Sqrt(v[i][k]) + eps);
                    }
                    else
                    {
                        m[i][k] = beta1 * m[i][k] + (1 - beta1) * g;
                        v[i][k] = beta2 * v[i][k] + (1 - beta2) * g * g;
                        double mHat = m[i][k] / (1 - Math.Pow(beta1, t)), vHat = v[i][k] / (1 - Math.Pow(beta2, t));
                        p[i][k] -= lr * mHat / (Math.Sqrt(vHat) + eps);
                    }
                }
        return p;
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void UpdatesFollowTorchOptimsFormulaWorkedByHandWithinFloat32Tolerance(string kind)
    {
        using var scope = NewDisposeScope();
        const double lr = 1e-2, alpha = 0.9, beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
        var ps = HandParameters();
        var expected = ByHand(kind, ps, Steps, lr, alpha, beta1, beta2, eps);
        using IOptimizer o = kind == "adam" ? new Adam(ps, lr, beta1, beta2, eps) : new RmsProp(ps, lr, alpha, eps);
        for (int t = 0; t < Steps; t++)
        {
            o.ZeroGrad();
            Backward(ps, t);
            o.Step();
        }
        for (int i = 0; i < ps.Length; i++)
        {
            var got = ps[i].data<float>().ToArray();
            for (int k = 0; k < got.Length; k++)
                Assert.True(Math.Abs(got[k] - expected[i][k]) < 1e-6, $"{kind}: parameter {i}[{k}] is {got[k]}, by hand {expected[i][k]}");
        }
        // The parameter without a gradient is updated as with a zero one: it stays where it was.
        Assert.Equal(HandParameters()[^1].data<float>().ToArray(), ps[^1].data<float>().ToArray());
    }
}
