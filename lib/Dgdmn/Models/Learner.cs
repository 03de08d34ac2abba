using TorchSharp;
using static TorchSharp.torch;

namespace Dgdmn.Models;

/// <summary>
/// The learner L (paper §2.1): a feed-forward classifier trained with cross-entropy. One architecture is shared
/// by NN, DropNN, EWC, PPR, ER, Joint and the LTM (spec §3.1: 784-128-128-C); the STTMs use a smaller one.
/// </summary>
public sealed class Learner : nn.Module<Tensor, Tensor>, ITrainable
{
    private readonly Mlp _net;

    /// <summary>Builds a learner with the given hidden widths.</summary>
    /// <param name="name">Module name.</param>
    /// <param name="inputs">Input size (784).</param>
    /// <param name="hidden">Hidden widths, e.g. [128, 128].</param>
    /// <param name="classes">Head size C (all classes of the benchmark).</param>
    /// <param name="dropout">Dropout after each hidden ReLU (DropNN: 0.5).</param>
    /// <param name="device">Where the weights live.</param>
    public Learner(string name, int inputs, IReadOnlyList<int> hidden, int classes, double dropout = 0, Device? device = null) : base(name)
    {
        _net = new Mlp("net", [inputs, .. hidden, classes], dropout, device);
        Classes = classes;
        RegisterComponents();
    }

    /// <summary>Head size C.</summary>
    public int Classes { get; }

    /// <summary>Logits [n, C] for inputs [n, 784].</summary>
    public override Tensor forward(Tensor x) => _net.call(x);

    /// <summary>Cross-entropy against int64 labels [b] or soft targets [b, C].</summary>
    public Tensor Loss(Tensor x, Tensor? y)
    {
        ArgumentNullException.ThrowIfNull(y, "A learner's loss needs labels.");
        return LossOf(forward(x), y);
    }

    /// <summary>Cross-entropy of logits [b, K] against int64 labels [b] in [0, K) or soft targets [b, K].</summary>
    public static Tensor LossOf(Tensor logits, Tensor y)
    {
        if (y.dtype == ScalarType.Int64) return nn.functional.cross_entropy(logits, y);
        return -(y * nn.functional.log_softmax(logits, 1)).sum(1).mean();
    }

    /// <summary>
    /// Knowledge distillation (Hinton et al.; the community's replay loss): cross-entropy of the student's softmax
    /// at temperature T against targets already softened at T (<see cref="Soften"/>), times T² so its gradients keep
    /// their size as T grows.
    /// </summary>
    /// <param name="student">Student logits [b, K].</param>
    /// <param name="targets">Target probabilities [b, K] (teacher classes the student has beyond the teacher's hold 0).</param>
    /// <param name="temperature">T &gt; 0 (community: 2).</param>
    public static Tensor Distillation(Tensor student, Tensor targets, double temperature)
    {
        using var t = temperature.ToScalar();
        using var squared = (temperature * temperature).ToScalar();
        var logProbabilities = nn.functional.log_softmax(student.div(t), 1);
        return (targets * logProbabilities).sum(1).mean().mul(squared).neg();
    }

    /// <summary>The teacher's probabilities at temperature T: softmax(logits / T).</summary>
    /// <param name="logits">Teacher logits [b, K].</param>
    /// <param name="temperature">T &gt; 0.</param>
    public static Tensor Soften(Tensor logits, double temperature)
    {
        using var t = temperature.ToScalar();
        return nn.functional.softmax(logits.div(t), 1);
    }

    /// <summary>Logits for many inputs, in evaluation mode and without gradients, in batches.</summary>
    /// <param name="x">[n, 784]; not modified.</param>
    /// <param name="batchSize">Rows per forward pass.</param>
    public Tensor Logits(Tensor x, int batchSize = 2048) => Batched.Map(x, batchSize, b => forward(b), this);

    IEnumerable<TorchSharp.Modules.Parameter> ITrainable.TrainableParameters() => parameters();

    void ITrainable.SetTraining(bool training) => train(training);

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) _net.Dispose();
        base.Dispose(disposing);
    }
}
