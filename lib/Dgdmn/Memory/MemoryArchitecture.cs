using Dgdmn.Models;

namespace Dgdmn.Memory;

/// <summary>Network sizes of one generative memory: its learner L and its VAE G (spec §3.1, project defaults).</summary>
/// <param name="Inputs">Input size (784).</param>
/// <param name="LearnerHidden">Hidden widths of the learner, e.g. [128, 128].</param>
/// <param name="VaeHidden">Encoder hidden widths of the VAE (decoder mirrored), e.g. [512, 256].</param>
/// <param name="VaeLatent">Latent size of the VAE.</param>
public sealed record MemoryArchitecture(int Inputs, IReadOnlyList<int> LearnerHidden, IReadOnlyList<int> VaeHidden, int VaeLatent)
{
    /// <summary>The long-term memory's (and DGR's) networks: learner 784-128-128-C, VAE 784-512-256-32.</summary>
    public static MemoryArchitecture LongTerm(NetworkConfig networks) =>
        new(networks.Inputs, networks.LearnerHidden, networks.VaeHidden, networks.VaeLatent);

    /// <summary>A short-term task memory's (STTM's) networks: learner 784-48-C, VAE 784-256-16.</summary>
    public static MemoryArchitecture ShortTerm(NetworkConfig networks) =>
        new(networks.Inputs, networks.SttmLearnerHidden, networks.SttmVaeHidden, networks.SttmVaeLatent);
}
