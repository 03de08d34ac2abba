using Dgdmn.Data;
using Dgdmn.Methods;
using Dgdmn.Models;
using TorchSharp;
using static TorchSharp.torch;
using Dgdmn.Torch;

namespace Dgdmn.Experiments;

/// <summary>
/// Robustness of reconstruction (paper Fig. 6, spec §6.5, claim C9): one DGM with the LTM networks trained by
/// a single DGR update on all digits at once (the "dgr" method learning one task that holds every class), and
/// NN trained on the same data; both scored on the test set under Gaussian noise and central occlusion. The
/// DGM classifies its reconstructions, which is what should make it robust. The levels are those below or those of
/// <see cref="ExperimentDefinition.Grids"/>.
/// </summary>
public static class RobustnessExperiment
{
    /// <summary>Noise standard deviations of Fig. 6b.</summary>
    public static IReadOnlyList<double> NoiseLevels { get; } = [0, 0.005, 0.01, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3];

    /// <summary>Occlusion factors of Fig. 6c.</summary>
    public static IReadOnlyList<double> OcclusionFactors { get; } = [0.10, 0.13, 0.16, 0.19, 0.22, 0.25, 0.28];

    /// <summary>
    /// How figures name a row of the tables: the "dgr" rows are the DGM alone (the LTM networks after one DGR
    /// update), so they read "DGM (LTM)"; other methods keep their catalogue names.
    /// </summary>
    public static string DisplayName(string method) => method == "dgr" ? "DGM (LTM)" : MethodCatalog.Find(method)?.DisplayName ?? method;

    /// <summary>The experiment body: accuracy rows (clean, 1×1 per method and seed) plus tables "noise" and "occlusion".</summary>
    public static ExperimentOutput Run(ExperimentContext context)
    {
        var accuracy = new List<AccuracyRecord>();
        var timings = new List<TaskTiming>();
        var noise = new TableBuilder("noise", "sigma");
        var occlusion = new TableBuilder("occlusion", "factor");
        foreach (var benchmark in context.Definition.Benchmarks)
            foreach (var seed in context.Seeds)
            {
                using var source = context.CreateStream(benchmark, seed);
                using var all = source.AllAtOnce();
                var task = all[0];
                foreach (var name in context.Methods)
                {
                    // One Learn call; no checkpoint needed (nothing to resume inside a single task).
                    using var method = context.CreateMethod(name, all, seed);
                    var report = method.Learn(task);
                    var clean = StreamEvaluator.Accuracy(method, task.TestX, task.TestY, task.Id);
                    var label = context.Definition.LabelOf(benchmark);
                    accuracy.Add(new AccuracyRecord(label, name, seed, 0, 0, clean));
                    timings.Add(new TaskTiming(label, name, seed, 0, report.Seconds, report.SleepSeconds, report.Slept, report.Epochs, report.SamplesProcessed));
                    foreach (var sigma in context.Definition.Grids?.NoiseLevels ?? NoiseLevels)
                    {
                        using var x = AddNoise(task.TestX, sigma, Seeds.Generator(seed, "robustness", "noise", sigma));
                        noise.Add(name, seed, sigma, StreamEvaluator.Accuracy(method, x, task.TestY, task.Id));
                    }
                    foreach (var factor in context.Definition.Grids?.OcclusionFactors ?? OcclusionFactors)
                    {
                        using var x = Occlude(task.TestX, factor);
                        occlusion.Add(name, seed, factor, StreamEvaluator.Accuracy(method, x, task.TestY, task.Id));
                    }
                    context.Note($"robustness {name} seed {seed}: clean accuracy {clean:F3}");
                }
            }
        return new ExperimentOutput(accuracy, timings, [noise.Build(), occlusion.Build()]);
    }

    /// <summary>
    /// Gaussian pixel noise: x + σ·N(0, 1), clipped to [0, 1] (project default, spec §6.5b).
    /// </summary>
    /// <param name="x">[n, 784] images in [0, 1]; not modified.</param>
    /// <param name="sigma">Noise standard deviation.</param>
    /// <param name="generator">Seeded generator (same seed, same noise), on any device: the noise is drawn on its device and moved to x's.</param>
    /// <returns>A new [n, 784] tensor; the caller owns it.</returns>
    public static Tensor AddNoise(Tensor x, double sigma, Generator generator)
    {
        using var scope = NewDisposeScope();
        using var s = sigma.ToScalar();
        // Drawn where the generator lives (Seeds.Generator: the CPU) and moved: a CPU generator cannot feed a CUDA
        // draw, and the noise stays the same numbers on every device (on the CPU the move is a no-op).
        var noise = randn(x.shape, dtype: x.dtype, device: generator.device, generator: generator).to(x.device).mul(s);
        return x.add(noise, KeptScalars.One).clamp(KeptScalars.Zero, KeptScalars.One).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Central occlusion: a full-height band of 2·⌊14·factor⌋ central columns set to 0 (project default
    /// <c>VerticalBand</c>, spec §6.5c).
    /// </summary>
    /// <param name="x">[n, 784] images (28×28, row-major); not modified.</param>
    /// <param name="factor">Width of the band as a fraction of the image width.</param>
    /// <returns>A new [n, 784] tensor; the caller owns it.</returns>
    public static Tensor Occlude(Tensor x, double factor)
    {
        using var scope = NewDisposeScope();
        var width = 2 * (int)Math.Floor(14 * factor);
        var images = x.reshape(-1, 28, 28).clone();
        if (width > 0) images.narrow(2, 14 - width / 2, width).zero_();
        return images.reshape(-1, 784).MoveToOuterDisposeScope();
    }

    private sealed class TableBuilder(string name, string xName)
    {
        private readonly List<string> _methods = [];
        private readonly List<double> _seeds = [], _x = [], _accuracy = [];

        public void Add(string method, long seed, double x, double accuracy)
        {
            _methods.Add(method); _seeds.Add(seed); _x.Add(x); _accuracy.Add(accuracy);
        }

        public ResultTable Build() => new(name,
            [ResultColumn.Of("method", _methods), ResultColumn.Of("seed", _seeds), ResultColumn.Of(xName, _x), ResultColumn.Of("accuracy", _accuracy)]);
    }
}
