using Dgdmn.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Dgdmn.Benchmarks;

/// <summary>One of the spec's four trained networks (spec §3.1), with its analytic FLOP count.</summary>
/// <param name="Name">Name printed in results, e.g. "ltm_vae".</param>
/// <param name="IsVae">True for a VAE (BCE + KL, no labels), false for a learner (cross-entropy).</param>
/// <param name="Hidden">Hidden widths (encoder widths for a VAE; the decoder mirrors them).</param>
/// <param name="Latent">VAE latent size (0 for a learner).</param>
public sealed record StepModel(string Name, bool IsVae, int[] Hidden, int Latent)
{
    /// <summary>Input size (28 × 28).</summary>
    public const int Inputs = 784;

    /// <summary>Classes of the learners' head (Digits).</summary>
    public const int Classes = 10;

    /// <summary>The spec's LTM and STTM learners and VAEs, in print order.</summary>
    public static IReadOnlyList<StepModel> All { get; } =
    [
        new("ltm_learner", false, [128, 128], 0),
        new("ltm_vae", true, [512, 256], 32),
        new("sttm_learner", false, [48], 0),
        new("sttm_vae", true, [256], 16),
    ];

    /// <summary>Looks a model up by name; throws listing the valid names.</summary>
    public static StepModel Find(string name) => All.FirstOrDefault(m => m.Name == name)
        ?? throw new ArgumentException($"Unknown model '{name}'. Use one of: {string.Join(", ", All.Select(m => m.Name))}.");

    /// <summary>(in, out) of every Linear layer, in forward order.</summary>
    public IEnumerable<(int In, int Out)> Linears()
    {
        if (!IsVae)
        {
            int[] w = [Inputs, .. Hidden, Classes];
            for (int i = 0; i + 1 < w.Length; i++) yield return (w[i], w[i + 1]);
            yield break;
        }
        int[] enc = [Inputs, .. Hidden];
        for (int i = 0; i + 1 < enc.Length; i++) yield return (enc[i], enc[i + 1]);
        yield return (Hidden[^1], Latent);                       // μ
        yield return (Hidden[^1], Latent);                       // log σ²
        int[] dec = [Latent, .. Hidden.Reverse(), Inputs];
        for (int i = 0; i + 1 < dec.Length; i++) yield return (dec[i], dec[i + 1]);
    }

    /// <summary>
    /// FLOPs of one training step per sample: 2·in·out per Linear forward, ×3 for forward + backward
    /// (the issue's convention; it ignores element-wise ops and counts the first layer's unneeded input gradient).
    /// </summary>
    public double FlopsPerSample => 3.0 * Linears().Sum(l => 2.0 * l.In * l.Out);

    /// <summary>Builds the kit's own model (Dgdmn.Models.Learner or Vae) with seeded weights.</summary>
    public ITrainable Build(Device device)
    {
        torch.manual_seed(1);
        return IsVae
            ? new Vae(Name, Inputs, Hidden, Latent, device)
            : new Learner(Name, Inputs, Hidden, Classes, 0, device);
    }
}
