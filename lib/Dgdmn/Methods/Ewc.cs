using Dgdmn.Data;
using Dgdmn.Models;
using TorchSharp;
using static TorchSharp.torch;
using Dgdmn.Torch;

namespace Dgdmn.Methods;

/// <summary>
/// Elastic weight consolidation (Kirkpatrick et al. 2017; spec §5): cross-entropy plus
/// (λ/2) Σ_{j&lt;t} Σ_k F_{j,k} (θ_k − θ*_{j,k})², where after each task j the method stores the diagonal Fisher
/// information F_j and the weights θ*_j. F_j is the mean, over BaselineConfig.FisherSamples random training
/// samples of task j, of the squared per-sample gradient of log p(y|x) at the true label.
/// </summary>
/// <remarks>
/// Every learned task adds its own (F_j, θ*_j) pair, as the spec's sum over j says (a revisited task adds a
/// second pair). The pairs are rows of two detached tensors owned by this method; the penalty is absent while
/// none exists.
/// </remarks>
public sealed class Ewc : ClassifierMethod
{
    // Row j holds task j's F_j (or θ*_j) over all learner parameters flattened in parameters() order, so the
    // penalty is a few tensor ops per step however many tasks are stored.
    private Tensor? _fisher;
    private Tensor? _anchors;

    /// <summary>Builds EWC with λ = BaselineConfig.EwcLambda.</summary>
    /// <param name="context">Head size, seed, device and settings of the run.</param>
    public Ewc(MethodContext context) : base("ewc", context) { }

    /// <summary>λ, the penalty's strength.</summary>
    public double Lambda => Context.Config.Baselines.EwcLambda;

    /// <summary>Tasks whose Fisher information and weights are stored (one pair per learned task).</summary>
    public int ConsolidatedTasks => _fisher is null ? 0 : (int)_fisher.shape[0];

    /// <summary>
    /// F, [tasks stored, parameters]: row j is the diagonal Fisher information of stored task j over all learner
    /// parameters flattened in <c>parameters()</c> order; null before the first task. Owned by the method: read,
    /// do not modify or dispose.
    /// </summary>
    public Tensor? Fisher => _fisher;

    /// <summary>θ*, [tasks stored, parameters]: row j is the learner's flattened weights after stored task j; null before the first task. Owned by the method.</summary>
    public Tensor? Anchors => _anchors;

    /// <summary>The penalty (λ/2) Σ_j Σ_k F_{j,k}(θ_k − θ*_{j,k})² at the current weights; exactly 0 with no stored task.</summary>
    public double Penalty()
    {
        if (_fisher is null) return 0;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return PenaltyTerm().item<float>();
    }

    /// <inheritdoc />
    protected override FitResult Train(ContinualTask task, IProgress<TrainingProgress>? progress)
    {
        var fit = Fit(task.TrainX, task.TrainY, task, progress, _fisher is null ? null : PenaltyTerm);
        var fisher = EstimateFisher(task);
        var anchor = FlatWeights().detach();
        Install(Append(_fisher, fisher), Append(_anchors, anchor));
        return fit;
    }

    private Tensor Append(Tensor? rows, Tensor row) =>
        Keep(rows is null ? row.unsqueeze(0) : cat([rows, row.unsqueeze(0)]));

    private void Install(Tensor fisher, Tensor anchors)
    {
        _fisher?.Dispose(); _anchors?.Dispose();
        _fisher = fisher; _anchors = anchors;
    }

    private Tensor FlatWeights() => cat(Learner.parameters().Select(p => p.reshape(-1)).ToList());

    // Runs in every training step. The Scalars are explicit and alive through each call: square() is pow(2) with an
    // implicit Scalar, and implicit Scalars can be finalized while libtorch reads them (see Models.RmsProp's remarks).
    private Tensor PenaltyTerm()
    {
        using var halfLambda = (Lambda / 2).ToScalar();
        return _fisher!.mul(FlatWeights().unsqueeze(0).sub(_anchors!).pow(KeptScalars.Two)).sum().mul(halfLambda);
    }

    /// <summary>Diagonal empirical Fisher [parameters] of the current learner on random samples of <paramref name="task"/>.</summary>
    private Tensor EstimateFisher(ContinualTask task)
    {
        var parameters = Learner.parameters().Cast<Tensor>().ToList();
        int m = Math.Min(Context.Config.Baselines.FisherSamples, task.TrainCount);
        using var generator = TaskGenerator("fisher");
        var pick = randperm(task.TrainCount, generator: generator).narrow(0, 0, m).to(task.TrainX.device);
        var fisher = zeros(parameters.Sum(p => p.numel()), device: Context.Device);
        Learner.eval();
        // One backward pass per sample: the Fisher needs squared per-sample gradients, not a batch mean.
        for (int i = 0; i < m; i++)
        {
            using var step = NewDisposeScope();
            var index = pick.narrow(0, i, 1);
            var x = task.TrainX.index_select(0, index);
            var y = task.TrainY.index_select(0, index);
            var logLikelihood = nn.functional.log_softmax(Learner.call(x), 1).gather(1, y.unsqueeze(1)).sum();
            var grads = autograd.grad([logLikelihood], parameters);
            using var noGrad = no_grad();
            fisher.add_(cat(grads.Select(g => g.reshape(-1)).ToList()).pow(KeptScalars.Two), KeptScalars.One);   // live Scalars, as in PenaltyTerm
        }
        using var samples = m.ToScalar();
        return fisher.div_(samples);
    }

    /// <inheritdoc />
    protected override void SaveState(BinaryWriter writer) =>
        WriteTensors(writer, _fisher is null ? [] : [_fisher, _anchors!]);

    /// <inheritdoc />
    protected override Action LoadState(BinaryReader reader)
    {
        var state = ReadTensors(reader);
        long parameters = Learner.parameters().Sum(p => p.numel());
        bool valid = state.Count == 0 || (state.Count == 2 && state.All(t => t.dim() == 2 && t.shape[1] == parameters)
                                          && state[0].shape[0] == state[1].shape[0]);
        if (!valid)
        {
            foreach (var t in state) t.Dispose();
            throw new InvalidDataException($"{Name}: the stored Fisher information does not fit a learner with {parameters} parameters. The file was written with another architecture (NetworkConfig.LearnerHidden) or is damaged.");
        }
        return () =>
        {
            if (state.Count == 0) { _fisher?.Dispose(); _anchors?.Dispose(); _fisher = _anchors = null; }
            else Install(state[0], state[1]);
        };
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) { _fisher?.Dispose(); _anchors?.Dispose(); }
    }
}
