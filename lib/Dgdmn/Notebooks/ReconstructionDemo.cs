using Dgdmn.Data;
using Dgdmn.Experiments;
using Dgdmn.Methods;
using Dgdmn.Reporting;
using static TorchSharp.torch;

namespace Dgdmn.Notebooks;

/// <summary>
/// Paper Fig. 6a: a deep generative memory (the LTM's networks, one DGR update on every task's data at once, as in
/// the robustness experiment) and pictures of corrupted test images beside its reconstructions.
/// </summary>
public sealed class ReconstructionDemo : IDisposable
{
    private readonly Tensor _testX;

    private ReconstructionDemo(Dgr dgm, Tensor testX)
    {
        Dgm = dgm;
        _testX = testX;
    }

    /// <summary>The trained memory (DGR with one task holding every class).</summary>
    public Dgr Dgm { get; }

    /// <summary>Trains the DGM on all tasks of <paramref name="definition"/>'s first benchmark at once.</summary>
    /// <param name="definition">Usually the registry's "robustness" experiment (its caps and method settings are used).</param>
    /// <param name="scale">Quick or Paper.</param>
    /// <param name="seed">Run seed (data, initialisation, sampling).</param>
    /// <param name="device">Where the networks live (default CPU).</param>
    public static ReconstructionDemo Train(ExperimentDefinition definition, Scale scale, long seed, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (definition.Benchmarks.Count == 0) throw new ArgumentException($"Experiment '{definition.Name}' has no benchmark to train on.", nameof(definition));
        device ??= CPU;
        using var source = KitFactories.Streams(definition.Benchmarks[0], definition.StreamOptionsFor(scale) with { Seed = seed, Device = device });
        using var all = source.AllAtOnce();
        var context = new MethodContext(all.Classes, seed, device, definition.MethodConfigFor(scale), all[0].TrainCount);
        var dgm = new Dgr(context);
        dgm.Learn(all[0]);
        return new ReconstructionDemo(dgm, all[0].TestX.clone().DetachFromDisposeScope());
    }

    /// <summary>
    /// PNG grid, six rows of <paramref name="count"/> test images spread over the test set: clean, reconstructed;
    /// noisy (σ), reconstructed; occluded (factor), reconstructed.
    /// </summary>
    /// <param name="sigma">Gaussian noise standard deviation (spec §6.5b).</param>
    /// <param name="factor">Occlusion factor (spec §6.5c).</param>
    /// <param name="count">Images per row.</param>
    public byte[] Pairs(double sigma = 0.3, double factor = 0.22, int count = 10)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "Count must be at least 1.");
        using var scope = NewDisposeScope();
        var n = _testX.shape[0];
        var index = linspace(0, n - 1, Math.Min(count, n)).to(int64).to(_testX.device);
        var clean = _testX.index_select(0, index);
        var noisy = RobustnessExperiment.AddNoise(clean, sigma, Seeds.Generator(1, "reconstruction-demo", sigma));
        var occluded = RobustnessExperiment.Occlude(clean, factor);
        var memory = Dgm.Memory;
        string S(double v) => v.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return ImageGrid.ToPng([clean, memory.Reconstruct(clean), noisy, memory.Reconstruct(noisy), occluded, memory.Reconstruct(occluded)],
            ["clean", "its reconstruction", $"noise σ = {S(sigma)}", "its reconstruction", $"occluded, factor {S(factor)}", "its reconstruction"],
            $"{count} test images spread over the test set");
    }

    /// <summary>Frees the memory and the kept test images.</summary>
    public void Dispose()
    {
        Dgm.Dispose();
        _testX.Dispose();
    }
}
