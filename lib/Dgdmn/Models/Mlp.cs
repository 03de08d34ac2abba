using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Dgdmn.Models;

/// <summary>
/// A multilayer perceptron: Linear layers with ReLU between them and optional dropout after each hidden ReLU.
/// The last layer has no activation (it produces logits or a mean).
/// </summary>
public sealed class Mlp : nn.Module<Tensor, Tensor>
{
    private readonly Sequential _layers;

    /// <summary>Builds the network on <paramref name="device"/> with libtorch's default initialisation.</summary>
    /// <param name="name">Module name (appears in saved state).</param>
    /// <param name="widths">Layer widths from input to output, e.g. [784, 128, 128, 10]; at least two.</param>
    /// <param name="dropout">Dropout probability after each hidden ReLU (0: none). Active only in training mode.</param>
    /// <param name="device">Where the weights live.</param>
    public Mlp(string name, IReadOnlyList<int> widths, double dropout = 0, Device? device = null) : base(name)
    {
        if (widths.Count < 2) throw new ArgumentException($"Mlp '{name}' needs at least an input and an output width.", nameof(widths));
        if (widths.Any(w => w < 1)) throw new ArgumentException($"Mlp '{name}': every width must be positive (got {string.Join("-", widths)}).", nameof(widths));
        if (dropout is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(dropout), dropout, "Dropout must be in [0, 1).");
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        for (int i = 0; i + 1 < widths.Count; i++)
        {
            layers.Add(($"linear{i}", nn.Linear(widths[i], widths[i + 1])));
            if (i + 2 < widths.Count)
            {
                layers.Add(($"relu{i}", nn.ReLU()));
                if (dropout > 0) layers.Add(($"dropout{i}", nn.Dropout(dropout)));
            }
        }
        _layers = nn.Sequential(layers);
        Widths = widths.ToArray();
        RegisterComponents();
        if (device is not null) this.to(device);
    }

    /// <summary>Layer widths, input first.</summary>
    public IReadOnlyList<int> Widths { get; }

    /// <summary>[n, widths[0]] to [n, widths[^1]].</summary>
    public override Tensor forward(Tensor x) => _layers.call(x);

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) _layers.Dispose();
        base.Dispose(disposing);
    }
}
