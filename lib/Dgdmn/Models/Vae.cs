using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Dgdmn.Torch;

namespace Dgdmn.Models;

/// <summary>
/// The generator G of a generative memory (paper §2.1): a variational autoencoder with MLP encoder and decoder,
/// Bernoulli likelihood (sigmoid output) and a standard normal prior. Loss = Σ_pixels BCE + KL, averaged over
/// the batch (spec §2.8). It can sample and reconstruct, which is all DGR and DGDMN ask of it.
/// </summary>
public sealed class Vae : nn.Module<Tensor, Tensor>, ITrainable
{
    private readonly Mlp _encoder;
    private readonly Linear _mu;
    private readonly Linear _logVar;
    private readonly Mlp _decoder;
    private readonly Device _device;

    /// <summary>Builds a VAE with encoder widths inputs-hidden… → latent and the mirrored decoder.</summary>
    /// <param name="name">Module name.</param>
    /// <param name="inputs">Input size (784).</param>
    /// <param name="hidden">Encoder hidden widths, e.g. [512, 256]; the decoder uses them reversed.</param>
    /// <param name="latent">Latent size (LTM 32, STTM 16: project default).</param>
    /// <param name="device">Where the weights live.</param>
    public Vae(string name, int inputs, IReadOnlyList<int> hidden, int latent, Device? device = null) : base(name)
    {
        if (hidden.Count == 0) throw new ArgumentException($"Vae '{name}' needs at least one hidden layer.", nameof(hidden));
        if (latent < 1) throw new ArgumentOutOfRangeException(nameof(latent), latent, "Latent size must be positive.");
        _device = device ?? CPU;
        _encoder = new Mlp("encoder", [inputs, .. hidden]);
        _mu = nn.Linear(hidden[^1], latent);
        _logVar = nn.Linear(hidden[^1], latent);
        _decoder = new Mlp("decoder", [latent, .. hidden.Reverse(), inputs]);
        Inputs = inputs; Latent = latent;
        RegisterComponents();
        this.to(_device);
    }

    /// <summary>Input size.</summary>
    public int Inputs { get; }

    /// <summary>Latent size.</summary>
    public int Latent { get; }

    /// <summary>Posterior mean and log-variance, each [n, latent], for inputs [n, 784].</summary>
    public (Tensor Mu, Tensor LogVar) Encode(Tensor x)
    {
        var h = nn.functional.relu(_encoder.call(x));
        return (_mu.call(h), _logVar.call(h));
    }

    /// <summary>Decoder logits [n, 784] for latents [n, latent]; sigmoid gives pixel means.</summary>
    public Tensor DecodeLogits(Tensor z) => _decoder.call(z);

    /// <summary>Reconstruction through the posterior mean: sigmoid(decoder(μ(x))), [n, 784] in [0, 1].</summary>
    public override Tensor forward(Tensor x) => sigmoid(DecodeLogits(Encode(x).Mu));

    /// <summary>Negative ELBO per sample, averaged over the batch: Σ_pixels BCE(x, x̂) + KL(q(z|x) ‖ N(0, I)).</summary>
    /// <remarks>The reparameterisation noise uses libtorch's global generator, which the trainer seeds per call.</remarks>
    public Tensor Loss(Tensor x, Tensor? y = null)
    {
        // z = μ + exp(½ log σ²)·ε, KL = −½ Σ (1 + log σ² − μ² − σ²), loss = (BCE + KL) / b. Written with Scalars that
        // stay alive through each call (KeptScalars, 'rows'), because the implicit ones of '0.5 * t', '1 + t',
        // 'pow(2)' and 'a + b' can be finalized while libtorch reads them (see RmsProp's remarks). Same values.
        using var rows = x.shape[0].ToScalar();
        var (mu, rawLogVar) = Encode(x);
        var logVar = Bounded(rawLogVar);
        var z = mu.add(exp(logVar.mul(KeptScalars.Half)).mul(randn_like(mu)), KeptScalars.One);
        // BCE-with-logits is fused and numerically safe where sigmoid + BCE saturates.
        var bce = nn.functional.binary_cross_entropy_with_logits(DecodeLogits(z), x, reduction: nn.Reduction.Sum);
        var kl = logVar.add(KeptScalars.One, KeptScalars.One).sub(mu.pow(KeptScalars.Two)).sub(logVar.exp()).sum().mul(KeptScalars.MinusHalf);
        return bce.add(kl, KeptScalars.One).div(rows);
    }

    /// <summary>
    /// log σ² held in [−30, 20] in value, with its gradient passed straight through. An input far from what the
    /// encoder has seen can give log σ² > 88 (seen: 117 on the first mirrored digit of paper-scale TDigits), where
    /// exp overflows float32, the KL and z become infinite and every weight turns NaN in one step. Inside the range
    /// the value is the raw one bit for bit (x − 0 = x), so ordinary training is unchanged; outside it the KL's
    /// gradient still pulls log σ² back, which a plain clamp (zero gradient) would not.
    /// </summary>
    internal static Tensor Bounded(Tensor logVar) =>
        logVar.sub(logVar.sub(logVar.clamp(KeptScalars.LogVarFloor, KeptScalars.LogVarCeiling)).detach());

    /// <summary>Reconstructions [n, 784] (encoder mean → decoder mean), without gradients, in batches.</summary>
    /// <param name="x">[n, 784] inputs in [0, 1]; not modified.</param>
    /// <param name="batchSize">Rows per pass.</param>
    public Tensor Reconstruct(Tensor x, int batchSize = 2048) => Batched.Map(x, batchSize, b => forward(b), this);

    /// <summary>Generated samples [n, 784]: z ~ N(0, I) → decoder mean in [0, 1], or a Bernoulli draw of it.</summary>
    /// <param name="n">Number of samples (0 gives an empty [0, 784] tensor).</param>
    /// <param name="generator">Seeded generator for z (and for the Bernoulli draw).</param>
    /// <param name="bernoulli">Draw binary pixels from the decoder mean instead of returning the mean.</param>
    /// <param name="batchSize">Rows per decoder pass.</param>
    public Tensor Sample(int n, Generator generator, bool bernoulli = false, int batchSize = 4096)
    {
        using var scope = NewDisposeScope();
        var result = empty(new long[] { n, Inputs }, float32, _device);
        SampleInto(result, generator, bernoulli, batchSize);
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Writes generated samples into the rows of <paramref name="destination"/> [n, 784]: the same values, drawn from
    /// <paramref name="generator"/> in the same order, as <see cref="Sample"/> with n rows returns, without holding a
    /// second set-sized tensor (for a replay set written straight into a training buffer).
    /// </summary>
    /// <param name="destination">[n, 784] float32 on the VAE's device, overwritten.</param>
    /// <param name="generator">Seeded generator: all of z first, then the Bernoulli draws in row order.</param>
    /// <param name="bernoulli">Draw binary pixels from the decoder mean instead of writing the mean.</param>
    /// <param name="batchSize">Rows per decoder pass.</param>
    public void SampleInto(Tensor destination, Generator generator, bool bernoulli = false, int batchSize = 4096)
    {
        if (destination.dim() != 2 || destination.shape[1] != Inputs)
            throw new ArgumentException($"Vae '{GetName()}' samples into [n, {Inputs}], not [{string.Join(", ", destination.shape)}].", nameof(destination));
        using var scope = NewDisposeScope();
        long n = destination.shape[0];
        var z = randn(new long[] { n, Latent }, generator: generator).to(_device);
        Batched.MapInto(z, destination, batchSize, b => sigmoid(DecodeLogits(b)), this);
        if (!bernoulli) return;
        // bernoulli(p, g) draws one number per element, serially in element order: batch by batch in row order
        // consumes the generator exactly as one call on the whole tensor does.
        for (long start = 0; start < n; start += batchSize)
        {
            using var slice = NewDisposeScope();
            var means = destination.narrow(0, start, Math.Min(batchSize, n - start));
            // Drawn on the generator's device and copied back: a CPU generator cannot feed a CUDA draw, and this
            // way the pixels are the same on every device (on the CPU nothing moves).
            means.copy_(means.to(generator.device).bernoulli(generator));
        }
    }

    IEnumerable<TorchSharp.Modules.Parameter> ITrainable.TrainableParameters() => parameters();

    void ITrainable.SetTraining(bool training) => train(training);

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) { _encoder.Dispose(); _mu.Dispose(); _logVar.Dispose(); _decoder.Dispose(); }
        base.Dispose(disposing);
    }
}
