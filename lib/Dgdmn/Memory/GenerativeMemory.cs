using Dgdmn.Models;
using TorchSharp;
using static TorchSharp.torch;
using Dgdmn.IO;
using Dgdmn.Torch;

namespace Dgdmn.Memory;

/// <summary>What one <see cref="GenerativeMemory.Train"/> (DGR_TRAIN) call did.</summary>
/// <param name="Allocation">How the update split N_max between new and generated samples.</param>
/// <param name="Vae">The VAE's training call.</param>
/// <param name="Learner">The learner's training call.</param>
/// <param name="ReplayedClasses">Generated samples per class (argmax of their labels), length C; all zero without replay.</param>
public sealed record MemoryTrainResult(ReplayAllocation Allocation, FitResult Vae, FitResult Learner, IReadOnlyList<long> ReplayedClasses)
{
    /// <summary>Epochs of both models.</summary>
    public int Epochs => Vae.Epochs + Learner.Epochs;

    /// <summary>Samples through training steps of both models (rows × epochs).</summary>
    public long SamplesProcessed => Vae.SamplesProcessed + Learner.SamplesProcessed;
}

/// <summary>
/// A deep generative memory (DGM, paper §2.1): a generator G (VAE), a learner L that only ever sees G's
/// reconstructions, a task dictionary D (task id → times consolidated) and an age (samples it represents).
/// <see cref="Train"/> is DGR_TRAIN (spec §2.2): it keeps new data, replays its own generated samples
/// labelled by L, and retrains G and then L. It serves as DGR's single memory, DGDMN's long-term memory (LTM)
/// and each short-term task memory (STTM). It owns its networks.
/// </summary>
/// <remarks>
/// Every random choice derives from (run seed, <see cref="Name"/>, call counter) with <see cref="Seeds.Derive"/>,
/// and the counters are saved, so a memory restored by <see cref="Load"/> continues exactly as an uninterrupted one.
/// </remarks>
public sealed class GenerativeMemory : IGenerativeMemoryView, IDisposable
{
    private const int EvalBatch = 2048;
    private readonly Vae _vae;
    private readonly Learner _learner;
    private readonly Dictionary<int, int> _dictionary = [];
    private readonly MemoryArchitecture _architecture;
    private readonly TrainingConfig _training;
    private readonly MemoryConfig _memory;
    private readonly long _seed;
    private readonly Device _device;
    private long _trainCalls;
    private int _resets;
    private bool[] _seen;                                 // classes in the labels of every update so far
    private IOptimizer? _vaeOptimizer, _learnerOptimizer;  // kept across updates (AdamConfig.KeepStateAcrossTasks)

    /// <summary>Builds an untrained memory with seeded initial weights on <paramref name="device"/>.</summary>
    /// <param name="name">Memory name ("ltm", "sttm0"); part of every seed and model label.</param>
    /// <param name="architecture">Learner and VAE sizes.</param>
    /// <param name="classes">Head size C of the stream.</param>
    /// <param name="training">Epochs, batch size and optimiser of each training call.</param>
    /// <param name="memory">Label mode, Bernoulli sampling and the reconstruct-inputs switch.</param>
    /// <param name="seed">Run seed.</param>
    /// <param name="device">Where the networks and their outputs live.</param>
    public GenerativeMemory(string name, MemoryArchitecture architecture, int classes, TrainingConfig training,
        MemoryConfig memory, long seed, Device device)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A generative memory needs a name.", nameof(name));
        if (classes < 1) throw new ArgumentOutOfRangeException(nameof(classes), classes, "Head size must be at least 1.");
        training.Validate(); memory.Validate();
        Name = name; Classes = classes;
        _architecture = architecture; _training = training; _memory = memory; _seed = seed; _device = device;
        (_vae, _learner) = Build(0);
        _seen = new bool[classes];
        CreateKeptOptimizers();
    }

    /// <summary>Classes that occurred in the labels of this memory's updates so far (argmax for soft labels).</summary>
    public IReadOnlyList<bool> SeenClasses => _seen;

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>Head size C.</summary>
    public int Classes { get; }

    /// <inheritdoc />
    public IReadOnlyDictionary<int, int> Dictionary => _dictionary;

    /// <inheritdoc />
    public long Age { get; private set; }

    /// <inheritdoc />
    public double LastTrainingError { get; private set; } = double.NaN;

    /// <summary>Whether the memory holds anything (age &gt; 0).</summary>
    public bool IsTrained => Age > 0;

    /// <summary>DGR_TRAIN calls made so far (part of every call's seed).</summary>
    public long TrainCalls => _trainCalls;

    /// <summary>
    /// DGR_TRAIN (spec §2.2): allocate (N_new, N_gen) under N_max; keep N_new of (x, y) drawn without replacement;
    /// generate N_gen samples with G and label them with L as they are before this call; D ⊕= newTasks;
    /// age = N_new + N_gen; train G on the union, reconstruct it once, train L on (reconstructions, labels).
    /// </summary>
    /// <param name="x">[n, 784] new samples in [0, 1]; not modified.</param>
    /// <param name="y">[n] int64 labels, or [n, C] probabilities (soft replay labels).</param>
    /// <param name="newTasks">Task ids in (x, y) and their counts, e.g. {t: 1}.</param>
    /// <param name="kappa">κ: least share of N_max per new task once it binds.</param>
    /// <param name="nMax">N_max: most samples in this update.</param>
    /// <param name="method">Method name for progress and error messages.</param>
    /// <param name="taskId">Task being learned, for progress and error messages.</param>
    /// <param name="progress">Receives one report per epoch of each model.</param>
    public MemoryTrainResult Train(Tensor x, Tensor y, IReadOnlyDictionary<int, int> newTasks, double kappa, long nMax,
        string method, int taskId, IProgress<TrainingProgress>? progress = null) =>
        TrainOnBlocks([x], y, newTasks, kappa, nMax, method, taskId, progress);

    /// <summary>
    /// <see cref="Train"/> on new samples given as consecutive row blocks (their row-wise concatenation is x), so a caller with several
    /// sets (DGDMN's sleep, a wake with LTM extras) never concatenates them.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Memory: the update holds one [N_new + N_gen, 784] buffer. The kept new rows are copied into its head and G's
    /// samples are decoded straight into its tail; G trains on it; then, batch by batch, each row is replaced by its
    /// reconstruction (the training error is accumulated on the way), and L trains on the same buffer. No other
    /// tensor of the update's size is alive at any time (before: the generated set, the concatenation, the
    /// reconstructions and about ten whole-set temporaries of the error, at once).
    /// </para>
    /// <para>
    /// The values G and L train on are bit for bit those of the concatenate-then-reconstruct formulation, drawn in the
    /// same order from the same seeds. <see cref="LastTrainingError"/> is accumulated per batch in float64 instead of
    /// one float32 mean over the whole set, so it can differ from that in the last float32 digits.
    /// </para>
    /// </remarks>
    /// <param name="xs">Row blocks [n_i, 784] of the new samples, in order; not modified.</param>
    /// <param name="y">Labels of all Σ n_i rows ([n] int64 or [n, C] probabilities).</param>
    /// <param name="newTasks">Task ids in the new samples and their counts.</param>
    /// <param name="kappa">κ.</param>
    /// <param name="nMax">N_max.</param>
    /// <param name="method">Method name for progress and error messages.</param>
    /// <param name="taskId">Task being learned, for progress and error messages.</param>
    /// <param name="progress">Receives one report per epoch of each model.</param>
    /// <param name="releaseInputs">Dispose the blocks of <paramref name="xs"/> once they are copied (the caller owns them and needs them no more).</param>
    public MemoryTrainResult TrainOnBlocks(IReadOnlyList<Tensor> xs, Tensor y, IReadOnlyDictionary<int, int> newTasks, double kappa, long nMax,
        string method, int taskId, IProgress<TrainingProgress>? progress = null, bool releaseInputs = false)
    {
        CheckInputs(xs, method, taskId);
        long n = xs.Sum(b => b.shape[0]);
        if (y.shape[0] != n) throw new ArgumentException($"{method}: {Name} got {n} inputs but {y.shape[0]} labels for task {taskId}.");
        if (_memory.FreshReplay is { } freshReplay) return TrainFresh(xs, y, newTasks, freshReplay, method, taskId, progress, releaseInputs);
        var allocation = ReplayAllocator.Allocate(n, Age, newTasks, _dictionary, kappa, nMax);
        long callSeed = Seeds.Derive(_seed, Name, "train", _trainCalls);

        using var scope = NewDisposeScope();
        var rows = empty(new long[] { allocation.Total, _architecture.Inputs }, xs[0].dtype, _device);
        var fresh = rows.narrow(0, 0, allocation.New);
        var yd = y.to(_device);
        Tensor yNew = yd;
        if (allocation.New < n)
        {
            using var g = Seeds.Generator(callSeed, "subsample");
            var keep = randperm(n, generator: g).narrow(0, 0, allocation.New).to(_device);
            GatherRows(xs, keep, fresh);
            yNew = yd.index_select(0, keep);
        }
        else
        {
            long at = 0;
            foreach (var b in xs)
            {
                fresh.narrow(0, at, b.shape[0]).copy_(b);
                at += b.shape[0];
            }
        }
        if (releaseInputs) foreach (var b in xs) b.Dispose();

        Tensor yTrain = yNew;
        var replayed = new long[Classes];
        if (allocation.Generated > 0)
        {
            // G and L as they are before this call (spec §1.5 item 3): generate before any training.
            var generated = rows.narrow(0, allocation.New, allocation.Generated);
            var yGen = GenerateInto(generated, Seeds.Derive(callSeed, "generate"));
            yTrain = ConcatLabels(yNew, yGen, Classes);
            replayed = (yGen.dim() == 1 ? yGen : yGen.argmax(1)).bincount(null, Classes).cpu().data<long>().ToArray();
        }

        var vaeFit = Trainer.Fit(_vae, rows, null, _training.VaeEpochs, _training, Seeds.Derive(callSeed, "vae"),
            new FitLabel(method, taskId, Name + ".vae"), progress, optimizer: _vaeOptimizer);
        // Reconstruct once, in the batches Vae.Reconstruct uses; with ReconstructInputs the rows become their reconstructions.
        double error = ReconstructRows(rows, _memory.ReconstructInputs);
        var learnerFit = Trainer.Fit(_learner, rows, yTrain, _training.LearnerEpochs, _training, Seeds.Derive(callSeed, "learner"),
            new FitLabel(method, taskId, Name + ".learner"), progress, optimizer: _learnerOptimizer);

        // State changes only once both models trained without error.
        foreach (var (id, count) in newTasks) _dictionary[id] = _dictionary.GetValueOrDefault(id) + count;
        MarkSeen(yNew);
        Age = allocation.Total;
        LastTrainingError = error;
        _trainCalls++;
        return new MemoryTrainResult(allocation, vaeFit, learnerFit, replayed);
    }

    // The community's update (FreshReplayConfig): G and L train on all new rows, each step mixing in a replay batch
    // drawn afresh from frozen copies of G and L as they were before this call. N_max and κ do not apply: nothing
    // generated is stored, so the update's memory is the new rows plus one batch.
    private MemoryTrainResult TrainFresh(IReadOnlyList<Tensor> xs, Tensor y, IReadOnlyDictionary<int, int> newTasks, FreshReplayConfig fresh,
        string method, int taskId, IProgress<TrainingProgress>? progress, bool releaseInputs)
    {
        long n = xs.Sum(b => b.shape[0]);
        long callSeed = Seeds.Derive(_seed, Name, "train", _trainCalls);
        using var scope = NewDisposeScope();
        var rows = empty(new long[] { n, _architecture.Inputs }, xs[0].dtype, _device);
        long at = 0;
        foreach (var b in xs)
        {
            rows.narrow(0, at, b.shape[0]).copy_(b);
            at += b.shape[0];
        }
        if (releaseInputs) foreach (var b in xs) b.Dispose();
        var yd = y.to(_device);

        // Classes the scores range over: those seen before this call (replay) and after it (the current data).
        var seenAfter = (bool[])_seen.Clone();
        foreach (var c in ClassesIn(yd)) seenAfter[c] = true;
        var before = fresh.SeenClassesOnly ? ClassIndex(_seen) : null;
        var after = fresh.SeenClassesOnly ? ClassIndex(seenAfter) : null;
        bool replay = IsTrained && (before is null || before.shape[0] > 0);
        int tasksAfter = _dictionary.Keys.Union(newTasks.Keys).Count();
        double weight = !replay ? 1 : fresh.WeightByTasks ? (double)newTasks.Count / tasksAfter : 0.5;
        // An iteration schedule counts steps per update; per new task when asked (a sleep brings several tasks at once).
        var training = fresh.IterationsPerNewTask && _training.Iterations is { } steps
            ? _training with { Iterations = checked(steps * Math.Max(1, newTasks.Count)) } : _training;
        // Replayed samples per class, summed on the device and read once after training (no sync per step).
        var replayCounts = zeros(Classes, int64, _device);

        Vae? frozenVae = null;
        Learner? frozenLearner = null;
        Generator? vaeDraws = null, learnerDraws = null;
        try
        {
            ReplayStream? vaeReplay = null, learnerReplay = null;
            if (replay)
            {
                (frozenVae, frozenLearner) = FrozenCopies();
                vaeDraws = Seeds.Generator(callSeed, "replay", "vae");
                learnerDraws = Seeds.Generator(callSeed, "replay", "learner");
                var vd = vaeDraws; var ld = learnerDraws;
                int batch = _training.BatchSize;
                var fv = frozenVae; var fl = frozenLearner;
                vaeReplay = new ReplayStream(() => (fv.Sample(batch, vd, _memory.BernoulliSamples), null), weight, (xr, _) => _vae.Loss(xr, null));
                // The student scores the classes seen after this update; the teacher knows only those seen before, so its
                // targets put zero on the new classes (as the community pads them): replay teaches "old, not new".
                var beforeInAfter = before is null ? null : Positions(after!).index_select(0, before);
                learnerReplay = new ReplayStream(() =>
                {
                    var xr = fv.Sample(batch, ld, _memory.BernoulliSamples);
                    using var noGrad = no_grad();
                    var teacher = Restrict(fl.forward(xr), before);
                    var classes = before is null ? teacher.argmax(1) : before.index_select(0, teacher.argmax(1));
                    replayCounts.add_(classes.bincount(null, Classes), KeptScalars.One);
                    if (_memory.Labels == LabelMode.Hard)
                        return (xr, beforeInAfter is null ? classes : beforeInAfter.index_select(0, teacher.argmax(1)));
                    var soft = Learner.Soften(teacher, fresh.Temperature);
                    if (beforeInAfter is null) return (xr, soft);
                    return (xr, zeros(soft.shape[0], after!.shape[0], device: soft.device).index_copy_(1, beforeInAfter, soft));
                }, weight, (xr, targets) =>
                {
                    var student = Restrict(_learner.forward(xr), after);
                    return targets!.dim() == 1 ? nn.functional.cross_entropy(student, targets) : Learner.Distillation(student, targets, fresh.Temperature);
                });
            }
            var vaeFit = Trainer.Fit(_vae, rows, null, training.VaeEpochs, training, Seeds.Derive(callSeed, "vae"),
                new FitLabel(method, taskId, Name + ".vae"), progress, optimizer: _vaeOptimizer, replay: vaeReplay);
            double error = ReconstructRows(rows, _memory.ReconstructInputs);
            var position = after is null ? null : Positions(after);
            var learnerFit = Trainer.Fit(_learner, rows, yd, training.LearnerEpochs, training, Seeds.Derive(callSeed, "learner"),
                new FitLabel(method, taskId, Name + ".learner"), progress, optimizer: _learnerOptimizer,
                loss: (xb, yb) => Learner.LossOf(Restrict(_learner.forward(xb), after), Relabel(yb!, after, position)), replay: learnerReplay);

            foreach (var (id, count) in newTasks) _dictionary[id] = _dictionary.GetValueOrDefault(id) + count;
            _seen = seenAfter;
            Age += n;
            LastTrainingError = error;
            _trainCalls++;
            return new MemoryTrainResult(new ReplayAllocation(n, 0, false, 1), vaeFit, learnerFit, replayCounts.cpu().data<long>().ToArray());
        }
        finally
        {
            frozenVae?.Dispose();
            frozenLearner?.Dispose();
            vaeDraws?.Dispose();
            learnerDraws?.Dispose();
        }
    }

    // Copies of G and L as they are now, with gradients off, for a fresh-replay update.
    internal (Vae Vae, Learner Learner) FrozenCopies()
    {
        var vae = new Vae(Name + ".vae.frozen", _architecture.Inputs, _architecture.VaeHidden, _architecture.VaeLatent, _device);
        var learner = new Learner(Name + ".learner.frozen", _architecture.Inputs, _architecture.LearnerHidden, Classes, device: _device);
        using (no_grad())
        {
            CopyParameters(_vae, vae);
            CopyParameters(_learner, learner);
        }
        foreach (var p in vae.parameters().Concat(learner.parameters())) p.requires_grad = false;
        vae.eval();
        learner.eval();
        return (vae, learner);
    }

    private static Tensor Restrict(Tensor logits, Tensor? classes) => classes is null ? logits : logits.index_select(1, classes);

    // Labels in the column order of Restrict: hard labels become positions among the classes, soft ones lose the other columns.
    private static Tensor Relabel(Tensor y, Tensor? classes, Tensor? position) =>
        classes is null ? y : y.dtype == ScalarType.Int64 ? position!.index_select(0, y) : y.index_select(1, classes);

    private Tensor ClassIndex(bool[] seen) =>
        tensor(Enumerable.Range(0, Classes).Where(c => seen[c]).Select(c => (long)c).ToArray(), device: _device);

    // position[c] = index of class c among the classes (−1 elsewhere; never read for a label of the data).
    private Tensor Positions(Tensor classes)
    {
        var position = Enumerable.Repeat(-1L, Classes).ToArray();
        var list = classes.cpu().data<long>().ToArray();
        for (int i = 0; i < list.Length; i++) position[list[i]] = i;
        return tensor(position, device: _device);
    }

    private IEnumerable<int> ClassesIn(Tensor y)
    {
        using var scope = NewDisposeScope();
        var hard = y.dim() == 1 ? y : y.argmax(1);
        var counts = hard.bincount(null, Classes).cpu().data<long>().ToArray();
        return Enumerable.Range(0, Classes).Where(c => counts[c] > 0).ToList();
    }

    private void MarkSeen(Tensor y)
    {
        foreach (var c in ClassesIn(y)) _seen[c] = true;
    }

    // Masks the classes this memory has not seen when the fresh-replay protocol scores over seen classes only.
    private Tensor MaskUnseen(Tensor logits)
    {
        if (_memory.FreshReplay is not { SeenClassesOnly: true } || !_seen.Any(s => s)) return logits;
        var unseen = tensor(_seen.Select(s => !s).ToArray(), device: logits.device);
        return logits.masked_fill(unseen, KeptScalars.FloatNegativeInfinity);
    }

    private void CreateKeptOptimizers()
    {
        _vaeOptimizer?.Dispose();
        _learnerOptimizer?.Dispose();
        if (_training.Adam is not { KeepStateAcrossTasks: true }) { _vaeOptimizer = _learnerOptimizer = null; return; }
        _vaeOptimizer = _training.CreateOptimizer(_vae.parameters());
        _learnerOptimizer = _training.CreateOptimizer(_learner.parameters());
    }

    /// <inheritdoc />
    public (Tensor X, Tensor Y) Generate(int n, long seed)
    {
        if (n < 0) throw new ArgumentOutOfRangeException(nameof(n), n, "Sample count cannot be negative.");
        using var scope = NewDisposeScope();
        var (x, y) = GenerateCore(n, seed);
        return (x.MoveToOuterDisposeScope(), y.MoveToOuterDisposeScope());
    }

    /// <summary>Labels for inputs the learner takes as they are (generated samples, LTM reconstructions): hard or soft per <see cref="MemoryConfig.Labels"/>.</summary>
    /// <param name="x">[n, 784], on any device; not modified.</param>
    public Tensor Label(Tensor x)
    {
        using var scope = NewDisposeScope();
        var logits = MaskUnseen(_learner.Logits(x.to(_device), EvalBatch));
        var labels = _memory.Labels == LabelMode.Hard ? logits.argmax(1) : softmax(logits, 1);
        return labels.MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public Tensor Reconstruct(Tensor x)
    {
        using var scope = NewDisposeScope();
        return _vae.Reconstruct(x.to(_device), EvalBatch).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public Tensor ReconstructionError(Tensor x)
    {
        using var scope = NewDisposeScope();
        var xd = x.to(_device);
        return Batched.Map(xd, EvalBatch, b => PixelBce(b, _vae.forward(b)).mean([1L]), _vae).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    /// <remarks>With <see cref="MemoryConfig.ReconstructInputs"/> off (ablation W6) the learner sees x itself.</remarks>
    public Tensor Scores(Tensor x)
    {
        using var scope = NewDisposeScope();
        var xd = x.to(_device);
        var inputs = _memory.ReconstructInputs ? _vae.Reconstruct(xd, EvalBatch) : xd;
        return MaskUnseen(_learner.Logits(inputs, EvalBatch)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Re-initialises both networks (seeded by the number of resets so far, which for an STTM is the sleep
    /// count), clears D, age and the training error. The call counter keeps counting.
    /// </summary>
    public void Reset()
    {
        _resets++;
        var (vae, learner) = Build(_resets);
        using (vae)
        using (learner)
        using (no_grad())
        {
            // Copy into the existing modules so references held by callers stay valid.
            CopyParameters(vae, _vae);
            CopyParameters(learner, _learner);
        }
        _dictionary.Clear();
        _seen = new bool[Classes];
        Age = 0;
        LastTrainingError = double.NaN;
        CreateKeptOptimizers();
    }

    /// <summary>Writes weights, D, age, training error and counters.</summary>
    public void Save(BinaryWriter writer)
    {
        MethodState.WriteHeader(writer, "GenerativeMemory", 2);
        writer.Write(Name);
        writer.Write(Classes);
        writer.Write(_seed);
        _vae.save(writer);
        _learner.save(writer);
        MethodState.WriteCounts(writer, _dictionary);
        writer.Write(Age);
        writer.Write(LastTrainingError);
        writer.Write(_trainCalls);
        writer.Write(_resets);
        foreach (var seen in _seen) writer.Write(seen);
        writer.Write(_vaeOptimizer is not null);
        _vaeOptimizer?.Save(writer);
        _learnerOptimizer?.Save(writer);
    }

    /// <summary>Restores what <see cref="Save"/> wrote into a memory built with the same name, seed and architecture.</summary>
    /// <remarks>All or nothing: a failed load leaves the memory as it was.</remarks>
    public void Load(BinaryReader reader) => MethodState.LoadAllOrNothing(reader, Save, LoadCore, $"memory '{Name}'");

    /// <summary>The reading part of <see cref="Load"/>, for an owner whose own load is already all or nothing (DGR, DGDMN).</summary>
    internal void LoadCore(BinaryReader reader)
    {
        int version = MethodState.ReadHeader(reader, "GenerativeMemory", 1, 2);
        MethodState.Expect("memory name", reader.ReadString(), Name);
        MethodState.Expect($"{Name} head size", reader.ReadInt32(), Classes);
        MethodState.Expect($"{Name} run seed", reader.ReadInt64(), _seed);
        _vae.LoadChecked(reader, $"memory '{Name}' VAE");
        _learner.LoadChecked(reader, $"memory '{Name}' learner");
        var dictionary = MethodState.ReadCounts(reader);
        long age = reader.ReadInt64();
        double error = reader.ReadDouble();
        long calls = reader.ReadInt64();
        int resets = reader.ReadInt32();
        var seen = new bool[Classes];
        if (version >= 2)
        {
            for (int c = 0; c < Classes; c++) seen[c] = reader.ReadBoolean();
            MethodState.Expect($"{Name} kept optimiser state", reader.ReadBoolean(), _vaeOptimizer is not null);
            _vaeOptimizer?.Load(reader);
            _learnerOptimizer?.Load(reader);
        }
        else if (_vaeOptimizer is not null)
            throw new InvalidDataException($"Memory '{Name}' was saved by an older kit (format 1) without optimiser state, which this configuration keeps across tasks; start the unit over.");
        _dictionary.Clear();
        foreach (var (k, v) in dictionary) _dictionary[k] = v;
        Age = age; LastTrainingError = error; _trainCalls = calls; _resets = resets; _seen = seen;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _vaeOptimizer?.Dispose();
        _learnerOptimizer?.Dispose();
        _vae.Dispose();
        _learner.Dispose();
    }

    /// <summary>Per-pixel BCE [n, 784] of x against a reconstruction clamped to [1e-7, 1 − 1e-7] (spec §2.6).</summary>
    internal static Tensor PixelBce(Tensor x, Tensor reconstruction)
    {
        var r = reconstruction.clamp(KeptScalars.BceFloor, KeptScalars.BceCeiling);
        // '1 - t' is t.negative().add(1) and 'a + b' is a.add(b), each with an implicit alpha 1: spelled out here.
        var oneMinusX = x.negative().add(KeptScalars.One, KeptScalars.One);
        var oneMinusR = r.negative().add(KeptScalars.One, KeptScalars.One);
        return (x * r.log()).add(oneMinusX * oneMinusR.log(), KeptScalars.One).neg();
    }

    /// <summary>Concatenates two label tensors; if either is soft ([n, C]), hard labels become one-hot.</summary>
    internal static Tensor ConcatLabels(Tensor a, Tensor b, int classes)
    {
        if (a.dim() == 1 && b.dim() == 1) return cat([a, b], 0);
        return cat([ToSoft(a, classes), ToSoft(b, classes)], 0);
    }

    private static Tensor ToSoft(Tensor y, int classes) =>
        y.dim() == 1 ? nn.functional.one_hot(y, classes).to(float32) : y;

    // Mean per-pixel BCE of G's reconstructions of the rows (the training error): float32 sums of 256-row slices
    // (PixelBce makes about ten temporaries of its input's size) added in float64, over the batches of
    // Vae.Reconstruct; with overwrite, each batch of rows is replaced by its reconstruction afterwards.
    private double ReconstructRows(Tensor rows, bool overwrite)
    {
        const int Slice = 256;
        double sum = 0;
        void Accumulate(Tensor x, Tensor reconstruction)
        {
            for (long start = 0; start < x.shape[0]; start += Slice)
            {
                using var slice = NewDisposeScope();
                long length = Math.Min(Slice, x.shape[0] - start);
                sum += PixelBce(x.narrow(0, start, length), reconstruction.narrow(0, start, length)).sum().item<float>();
            }
        }
        if (overwrite) Batched.MapInto(rows, rows, EvalBatch, b => _vae.forward(b), _vae, Accumulate);
        else
        {
            using var noGrad = no_grad();
            for (long start = 0; start < rows.shape[0]; start += EvalBatch)
            {
                using var batch = NewDisposeScope();
                var x = rows.narrow(0, start, Math.Min(EvalBatch, rows.shape[0] - start));
                Accumulate(x, _vae.forward(x));
            }
        }
        return sum / ((double)rows.shape[0] * rows.shape[1]);
    }

    private (Tensor X, Tensor Y) GenerateCore(int n, long seed)
    {
        var x = empty(new long[] { n, _architecture.Inputs }, float32, _device);
        return (x, GenerateInto(x, seed));
    }

    // Generated samples written into the rows of destination [n, 784]; returns their labels (L as it is now).
    private Tensor GenerateInto(Tensor destination, long seed)
    {
        using (var g = Seeds.Generator(seed, "latent"))
            _vae.SampleInto(destination, g, _memory.BernoulliSamples);
        return Label(destination);
    }

    // destination[i] = row index[i] of the row-wise concatenation of blocks (a block-wise index_select), a few
    // thousand rows at a time so that no set-sized temporary is made.
    private static void GatherRows(IReadOnlyList<Tensor> blocks, Tensor index, Tensor destination)
    {
        const int Chunk = 4096;
        long n = index.shape[0];
        for (long start = 0; start < n; start += Chunk)
        {
            using var scope = NewDisposeScope();
            long length = Math.Min(Chunk, n - start);
            var wanted = index.narrow(0, start, length);
            var target = destination.narrow(0, start, length);
            if (blocks.Count == 1)
            {
                target.copy_(blocks[0].index_select(0, wanted));
                continue;
            }
            long offset = 0;
            foreach (var block in blocks)
            {
                long rows = block.shape[0];
                using var lo = offset.ToScalar();
                using var hi = (offset + rows).ToScalar();
                var positions = wanted.ge(lo).logical_and(wanted.lt(hi)).nonzero().squeeze(1);
                if (positions.shape[0] > 0)
                    target.index_copy_(0, positions, block.index_select(0, wanted.index_select(0, positions).sub(lo)));
                offset += rows;
            }
        }
    }

    private void CheckInputs(IReadOnlyList<Tensor> xs, string method, int taskId)
    {
        if (xs.Count == 0) throw new ArgumentException($"{method}: task {taskId} gave {Name} no training samples (empty task).");
        foreach (var x in xs)
            if (x.dim() != 2 || x.shape[1] != _architecture.Inputs)
                throw new ArgumentException($"{method}: {Name} expects inputs [n, {_architecture.Inputs}] but task {taskId} gave [{string.Join(", ", x.shape)}].");
        if (xs.All(x => x.shape[0] == 0))
            throw new ArgumentException($"{method}: task {taskId} gave {Name} no training samples (empty task).");
    }

    private (Vae Vae, Learner Learner) Build(int generation)
    {
        Seeds.SeedTorch(_seed, Name, "init", generation);
        var vae = new Vae(Name + ".vae", _architecture.Inputs, _architecture.VaeHidden, _architecture.VaeLatent, _device);
        var learner = new Learner(Name + ".learner", _architecture.Inputs, _architecture.LearnerHidden, Classes, device: _device);
        return (vae, learner);
    }

    private static void CopyParameters(nn.Module source, nn.Module target)
    {
        var from = source.parameters().ToList();
        var to = target.parameters().ToList();
        for (int i = 0; i < to.Count; i++) to[i].copy_(from[i]);
    }
}
