using Dgdmn.Data;
using Dgdmn.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Dgdmn.Methods;

/// <summary>
/// Elastic weight consolidation (Kirkpatrick et al. 2017; spec §5): cross-entropy plus
/// (λ/2) Σ_{j&lt;t} Σ_k F_{j,k} (θ_k − θ*_{j,k})², where after each task j the method stores the diagonal Fisher
/// information F_j and the weights θ*_j. F_j is the mean, over BaselineConfig.FisherSamples random training
/// samples of task j, of the squared per-sample gradient of log p(y|x) at the true label.
/// </summary>
/// <remarks>
/// Every learned task adds its own (F_j, θ*_j) pair, as the spec's sum over j says (a revisited task adds a
/// second pair). The pairs are detached tensors owned by this method; the penalty is absent while none exists.
/// </remarks>
public sealed class Ewc : ClassifierMethod
{
    private readonly List<Tensor[]> _fisher = [];
    private readonly List<Tensor[]> _anchors = [];

    /// <summary>Builds EWC with λ = BaselineConfig.EwcLambda.</summary>
    /// <param name="context">Head size, seed, device and settings of the run.</param>
    public Ewc(MethodContext context) : base("ewc", context) { }

    /// <summary>λ, the penalty's strength.</summary>
    public double Lambda => Context.Config.Baselines.EwcLambda;

    /// <summary>Tasks whose Fisher information and weights are stored (one pair per learned task).</summary>
    public int ConsolidatedTasks => _fisher.Count;

    /// <summary>
    /// F_j of stored task <paramref name="index"/> (0-based), one tensor per learner parameter with that
    /// parameter's shape. Owned by the method: read, do not modify or dispose.
    /// </summary>
    public IReadOnlyList<Tensor> Fisher(int index) => _fisher[index];

    /// <summary>θ*_j of stored task <paramref name="index"/>, one tensor per parameter. Owned by the method.</summary>
    public IReadOnlyList<Tensor> Anchor(int index) => _anchors[index];

    /// <summary>The penalty (λ/2) Σ_j Σ_k F_{j,k}(θ_k − θ*_{j,k})² at the current weights; exactly 0 with no stored task.</summary>
    public double Penalty()
    {
        if (_fisher.Count == 0) return 0;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return PenaltyTerm().item<float>();
    }

    /// <inheritdoc />
    protected override FitResult Train(ContinualTask task, IProgress<TrainingProgress>? progress)
    {
        var fit = Fit(task.TrainX, task.TrainY, task, progress, _fisher.Count == 0 ? null : PenaltyTerm);
        var fisher = EstimateFisher(task);
        var anchor = Parameters().Select(p => Keep(p)).ToArray();
        _fisher.Add(fisher);
        _anchors.Add(anchor);
        return fit;
    }

    private Tensor PenaltyTerm()
    {
        var parameters = Parameters();
        Tensor? sum = null;
        for (int j = 0; j < _fisher.Count; j++)
            for (int k = 0; k < parameters.Count; k++)
            {
                var term = (_fisher[j][k] * (parameters[k] - _anchors[j][k]).square()).sum();
                sum = sum is null ? term : sum + term;
            }
        return sum! * (Lambda / 2);
    }

    /// <summary>Diagonal empirical Fisher of the current learner on random samples of <paramref name="task"/>.</summary>
    private Tensor[] EstimateFisher(ContinualTask task)
    {
        var parameters = Parameters();
        var inputs = parameters.Cast<Tensor>().ToList();
        var fisher = parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
        try
        {
            int m = Math.Min(Context.Config.Baselines.FisherSamples, task.TrainCount);
            using var generator = TaskGenerator("fisher");
            using var pick = randperm(task.TrainCount, generator: generator).narrow(0, 0, m).to(task.TrainX.device);
            Learner.eval();
            // One backward pass per sample: the Fisher needs squared per-sample gradients, not a batch mean.
            for (int i = 0; i < m; i++)
            {
                using var step = NewDisposeScope();
                var index = pick.narrow(0, i, 1);
                var x = task.TrainX.index_select(0, index);
                var y = task.TrainY.index_select(0, index);
                var logLikelihood = nn.functional.log_softmax(Learner.call(x), 1).gather(1, y.unsqueeze(1)).sum();
                var grads = autograd.grad([logLikelihood], inputs);
                using var noGrad = no_grad();
                for (int k = 0; k < fisher.Length; k++) fisher[k].add_(grads[k].square());
            }
            using (no_grad()) foreach (var f in fisher) f.div_(m);
            return fisher;
        }
        catch
        {
            foreach (var f in fisher) f.Dispose();
            throw;
        }
    }

    private List<TorchSharp.Modules.Parameter> Parameters() => Learner.parameters().ToList();

    /// <inheritdoc />
    protected override void SaveState(BinaryWriter writer)
    {
        writer.Write(_fisher.Count);
        for (int j = 0; j < _fisher.Count; j++)
        {
            WriteTensors(writer, _fisher[j]);
            WriteTensors(writer, _anchors[j]);
        }
    }

    /// <inheritdoc />
    protected override Action LoadState(BinaryReader reader)
    {
        int count = reader.ReadInt32();
        if (count < 0) throw new InvalidDataException($"{Name}: the stream stores {count} Fisher matrices; the file is damaged.");
        var fisher = new List<Tensor[]>(); var anchors = new List<Tensor[]>();
        try
        {
            int parameters = Parameters().Count;
            for (int j = 0; j < count; j++)
            {
                fisher.Add(ReadTensors(reader).ToArray());
                anchors.Add(ReadTensors(reader).ToArray());
                if (fisher[^1].Length != parameters || anchors[^1].Length != parameters)
                    throw new InvalidDataException($"{Name}: stored task {j} has {fisher[^1].Length} Fisher and {anchors[^1].Length} anchor tensors for a learner with {parameters} parameters. The file was written with another architecture (NetworkConfig.LearnerHidden).");
            }
        }
        catch
        {
            foreach (var t in fisher.Concat(anchors).SelectMany(a => a)) t.Dispose();
            throw;
        }
        return () =>
        {
            Clear();
            _fisher.AddRange(fisher); _anchors.AddRange(anchors);
        };
    }

    private void Clear()
    {
        foreach (var t in _fisher.Concat(_anchors).SelectMany(a => a)) t.Dispose();
        _fisher.Clear(); _anchors.Clear();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) Clear();
    }
}
