using static TorchSharp.torch;

namespace Dgdmn.Memory;

/// <summary>
/// What notebooks and evaluators may look at in a deep generative memory (DGM) without changing it: its task
/// dictionary, age, samples and reconstructions. Training goes through the method that owns the memory.
/// </summary>
public interface IGenerativeMemoryView
{
    /// <summary>Memory name, e.g. "ltm" or "sttm0"; prefixes its model labels ("ltm.vae").</summary>
    string Name { get; }

    /// <summary>Task dictionary D: task id → times the task was consolidated into this memory.</summary>
    IReadOnlyDictionary<int, int> Dictionary { get; }

    /// <summary>Samples the memory currently represents (size of its last training set; 0 when untrained).</summary>
    long Age { get; }

    /// <summary>Mean per-pixel BCE of the VAE on its last training set (NaN when untrained); the Relative γ scale.</summary>
    double LastTrainingError { get; }

    /// <summary>Generated, labelled samples: X [n, 784] in [0, 1] and Y ([n] int64, or [n, C] probabilities for soft labels).</summary>
    /// <param name="n">Number of samples (0 gives empty tensors).</param>
    /// <param name="seed">Seed of the latent draw; the same seed and weights give the same samples.</param>
    (Tensor X, Tensor Y) Generate(int n, long seed);

    /// <summary>Reconstructions [n, 784] (encoder mean → decoder mean) of inputs <paramref name="x"/> [n, 784].</summary>
    Tensor Reconstruct(Tensor x);

    /// <summary>Per-sample mean per-pixel BCE between x [n, 784] and its reconstruction, [n] (spec §2.6).</summary>
    Tensor ReconstructionError(Tensor x);

    /// <summary>Class scores (logits) [n, C]: the learner on reconstructions of x [n, 784] (paper §2.1).</summary>
    Tensor Scores(Tensor x);
}
