using System.Diagnostics;
using Dgdmn.Data;
using Dgdmn.Memory;
using Dgdmn.Models;
using TorchSharp;
using static TorchSharp.torch;
using Dgdmn.IO;
using Dgdmn.Torch;

namespace Dgdmn.Methods;

/// <summary>Raised before and after each sleep of a <see cref="DualMemoryNetwork"/>.</summary>
/// <param name="Sleep">1-based index of this sleep.</param>
/// <param name="TaskId">Task whose learning triggered it (−1 for a sleep at the stream's end).</param>
public sealed record SleepEventArgs(int Sleep, int TaskId);

/// <summary>How often the descriptor-free mode sent a training batch to the right memory (spec §2.6).</summary>
/// <param name="Batches">Training batches (tasks) routed so far.</param>
/// <param name="Correct">Batches routed correctly: a first visit got a new internal id, a revisit got the id its task was first given.</param>
public sealed record RoutingCounts(int Batches, int Correct)
{
    /// <summary>Correct / Batches (NaN before any batch).</summary>
    public double Accuracy => Batches == 0 ? double.NaN : (double)Correct / Batches;
}

/// <summary>
/// The Deep Generative Dual Memory Network (DGDMN, spec §2.4): n_STM small short-term task memories (STTMs,
/// the hippocampus analogue) learn one task each while awake; when none is free the network sleeps and
/// consolidates their generated samples into one long-term memory (LTM, the neocortex analogue) with DGR_TRAIN.
/// Queries go to the STTM holding their task, else to the LTM. Optional descriptor-free mode (spec §2.6)
/// routes by reconstruction error instead of task ids.
/// </summary>
/// <remarks>Named DualMemoryNetwork because a type named <c>Dgdmn</c> would clash with the root namespace.</remarks>
public sealed class DualMemoryNetwork : IContinualMethod
{
    private const int LtmRoute = -1;
    private readonly MethodContext _context;
    private readonly MemoryConfig _config;
    private readonly GenerativeMemory[] _sttms;
    private readonly GenerativeMemory _ltm;
    // Descriptor-free state: label sets per internal id, first internal id given to each true task.
    private readonly Dictionary<int, SortedSet<long>> _labelSets = [];
    private readonly Dictionary<int, int> _internalIdOf = [];
    private int _nextInternalId;
    private int _batches, _correctBatches;

    /// <summary>Builds an untrained network: n_STM STTMs (NetworkConfig.Sttm*) and one LTM, seeded from the run seed.</summary>
    /// <param name="context">Head size, run seed, device, settings and stream size (for the default N_max).</param>
    public DualMemoryNetwork(MethodContext context)
    {
        Dgr.ValidateContext(context);
        _context = context;
        _config = context.Config.Memory;
        var training = context.Config.Training;
        var shortTerm = MemoryArchitecture.ShortTerm(context.Config.Networks);
        _sttms = Enumerable.Range(0, _config.NStm)
            .Select(i => new GenerativeMemory($"sttm{i}", shortTerm, context.Classes, training, _config, context.Seed, context.Device))
            .ToArray();
        _ltm = new GenerativeMemory("ltm", MemoryArchitecture.LongTerm(context.Config.Networks), context.Classes,
            training, _config, context.Seed, context.Device);
    }

    /// <inheritdoc />
    public string Name => "dgdmn";

    /// <summary>Raised before each sleep, while the STTMs still hold their tasks (e.g. to show their samples).</summary>
    public event EventHandler<SleepEventArgs>? BeforeSleep;

    /// <summary>Raised after each sleep, once the LTM is trained and the STTMs are reset.</summary>
    public event EventHandler<SleepEventArgs>? AfterSleep;

    /// <summary>The short-term task memories, for inspection.</summary>
    public IReadOnlyList<IGenerativeMemoryView> Sttms => _sttms;

    /// <summary>The long-term memory, for inspection.</summary>
    public IGenerativeMemoryView Ltm => _ltm;

    /// <summary>Task held by each STTM (an internal id in descriptor-free mode), null when free.</summary>
    public IReadOnlyList<int?> SttmTasks => _sttms.Select(HeldTask).ToArray();

    /// <summary>The LTM's task dictionary D: task id → times consolidated.</summary>
    public IReadOnlyDictionary<int, int> LtmDictionary => _ltm.Dictionary;

    /// <summary>Sleeps (consolidations) so far.</summary>
    public int SleepCount { get; private set; }

    /// <summary>Descriptor-free mode: training batches routed, and how many correctly.</summary>
    public RoutingCounts BatchRouting => new(_batches, _correctBatches);

    /// <summary>Descriptor-free mode: internal id each true task was first given (true id → internal id).</summary>
    public IReadOnlyDictionary<int, int> InternalIds => _internalIdOf;

    /// <inheritdoc />
    /// <remarks>
    /// With task ids: DGDMN.TRAIN_TASK(task.Id, X, Y). In descriptor-free mode the id is used only to score the
    /// routing (<see cref="BatchRouting"/>); the batch goes where TRAIN_NO_ID sends it.
    /// </remarks>
    public TaskReport Learn(ContinualTask task, IProgress<TrainingProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.TrainCount == 0) throw new ArgumentException($"dgdmn: task {task.Id} ('{task.Name}') has no training samples (empty task).");
        var clock = Stopwatch.StartNew();
        var report = new ReportBuilder();
        int id = _config.DescriptorFree ? RouteBatch(task) : task.Id;
        Wake(id, task.Id, task.TrainX, task.TrainY, report, progress);
        if (_config.DescriptorFree)
        {
            var labels = _labelSets.TryGetValue(id, out var set) ? set : _labelSets[id] = [];
            using var cpu = task.TrainY.cpu();
            labels.UnionWith(cpu.data<long>());
        }
        double sleepSeconds = 0;
        bool slept = false;
        if (_sttms.All(s => s.IsTrained))
        {
            sleepSeconds = Sleep(task.Id, report, progress);
            slept = true;
        }
        return report.Build(task.Id, clock.Elapsed.TotalSeconds, slept, sleepSeconds);
    }

    /// <inheritdoc />
    /// <remarks>Consolidates the occupied STTMs into the LTM once more if <see cref="MemoryConfig.SleepAtEnd"/> is set (spec default: off).</remarks>
    public TaskReport? EndStream(IProgress<TrainingProgress>? progress = null)
    {
        if (!_config.SleepAtEnd || !_sttms.Any(s => s.IsTrained)) return null;
        var clock = Stopwatch.StartNew();
        var report = new ReportBuilder();
        double seconds = Sleep(-1, report, progress);
        return report.Build(-1, clock.Elapsed.TotalSeconds, true, seconds);
    }

    /// <inheritdoc />
    /// <remarks>
    /// With ids: the STTM holding <paramref name="taskId"/>, else the LTM (also for unseen tasks; a null id
    /// gives LTM-only prediction, ablation W1). Descriptor-free mode ignores the id and routes each query to the
    /// occupied STTM with the smallest reconstruction error within γ, else to the LTM.
    /// </remarks>
    public Tensor Scores(Tensor x, int? taskId = null)
    {
        using var scope = NewDisposeScope();
        if (!_config.DescriptorFree)
        {
            int route = RouteById(taskId);
            return (route == LtmRoute ? _ltm : _sttms[route]).Scores(x).MoveToOuterDisposeScope();
        }
        var routes = RouteByError(x);
        var scores = _ltm.Scores(x);
        for (int i = 0; i < _sttms.Length; i++)
        {
            using var index = i.ToScalar();
            var mine = routes.eq(index);
            if (mine.any().item<bool>()) scores = where(mine.unsqueeze(1), _sttms[i].Scores(x), scores);
        }
        return scores.MoveToOuterDisposeScope();
    }

    /// <summary>Memory each query goes to: [n] int64, an STTM index or −1 for the LTM (same rule as <see cref="Scores"/>).</summary>
    /// <param name="x">[n, 784] queries; not modified.</param>
    /// <param name="taskId">Task descriptor (ignored in descriptor-free mode).</param>
    public Tensor Route(Tensor x, int? taskId = null)
    {
        if (_config.DescriptorFree) return RouteByError(x);
        using var route = RouteById(taskId).ToScalar();
        return full(x.shape[0], route, dtype: int64, device: _context.Device);
    }

    /// <summary>
    /// Share of queries from true task <paramref name="trueTaskId"/> that reach the right memory: the STTM
    /// holding the task's (internal) id, else the LTM.
    /// </summary>
    /// <param name="x">[n, 784] test inputs of that task.</param>
    /// <param name="trueTaskId">The task the queries come from.</param>
    public double QueryRoutingAccuracy(Tensor x, int trueTaskId)
    {
        using var scope = NewDisposeScope();
        int id = _config.DescriptorFree ? _internalIdOf.GetValueOrDefault(trueTaskId, -1) : trueTaskId;
        using var expected = (IndexHolding(id) ?? LtmRoute).ToScalar();
        return Route(x, trueTaskId).eq(expected).to(float32).mean().item<float>();
    }

    /// <inheritdoc />
    public void Save(BinaryWriter writer)
    {
        MethodState.WriteHeader(writer, Name, 1);
        writer.Write(_sttms.Length);
        writer.Write(_config.DescriptorFree);
        writer.Write(SleepCount);
        foreach (var s in _sttms) s.Save(writer);
        _ltm.Save(writer);
        writer.Write(_nextInternalId);
        writer.Write(_batches);
        writer.Write(_correctBatches);
        MethodState.WriteCounts(writer, _internalIdOf);
        writer.Write(_labelSets.Count);
        foreach (var (id, labels) in _labelSets.OrderBy(p => p.Key))
        {
            writer.Write(id);
            writer.Write(labels.Count);
            foreach (var l in labels) writer.Write(l);
        }
    }

    /// <inheritdoc />
    /// <remarks>All or nothing: a failed load (of any memory or counter) leaves the network as it was.</remarks>
    public void Load(BinaryReader reader) => MethodState.LoadAllOrNothing(reader, Save, LoadCore, Name);

    private void LoadCore(BinaryReader reader)
    {
        MethodState.ReadHeader(reader, Name, 1);
        MethodState.Expect("MemoryConfig.NStm", reader.ReadInt32(), _sttms.Length);
        MethodState.Expect("MemoryConfig.DescriptorFree", reader.ReadBoolean(), _config.DescriptorFree);
        int sleeps = reader.ReadInt32();
        foreach (var s in _sttms) s.LoadCore(reader);   // Load keeps the whole network's state already
        _ltm.LoadCore(reader);
        _nextInternalId = reader.ReadInt32();
        _batches = reader.ReadInt32();
        _correctBatches = reader.ReadInt32();
        _internalIdOf.Clear();
        foreach (var (k, v) in MethodState.ReadCounts(reader)) _internalIdOf[k] = v;
        _labelSets.Clear();
        int sets = reader.ReadInt32();
        for (int i = 0; i < sets; i++)
        {
            int id = reader.ReadInt32();
            int count = reader.ReadInt32();
            var labels = new SortedSet<long>();
            for (int j = 0; j < count; j++) labels.Add(reader.ReadInt64());
            _labelSets[id] = labels;
        }
        SleepCount = sleeps;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var s in _sttms) s.Dispose();
        _ltm.Dispose();
    }

    // Wake phase of DGDMN.TRAIN_TASK (spec §2.4): the STTM holding t, else a free one; LTM extras for a consolidated t.
    private void Wake(int id, int taskId, Tensor x, Tensor y, ReportBuilder report, IProgress<TrainingProgress>? progress)
    {
        int index = IndexHolding(id) ?? Array.FindIndex(_sttms, s => !s.IsTrained);
        if (index < 0) throw new InvalidOperationException("dgdmn: no STTM is free; the network should have slept after the previous task.");
        using var scope = NewDisposeScope();
        Tensor[] xa = [x];
        Tensor ya = y;
        if (_config.LtmExtras && _ltm.Dictionary.ContainsKey(id))
        {
            // Revision of a consolidated task (§2.5 b): the LTM's reconstructions, labelled by its learner. The STTM
            // takes (x, extras) as two row blocks: they are copied once, into its training buffer, not concatenated.
            var extra = _ltm.Reconstruct(x);
            var extraLabels = _ltm.Label(extra);
            xa = [x.to(_context.Device), extra];
            ya = GenerativeMemory.ConcatLabels(y.to(_context.Device), extraLabels, _context.Classes);
        }
        long nMaxSttm = (long)Math.Floor(_config.NMaxSttmFactor * x.shape[0]);
        var result = _sttms[index].TrainOnBlocks(xa, ya, new Dictionary<int, int> { [id] = 1 }, _config.KappaSttm, nMaxSttm, Name, taskId, progress);
        report.Add(_sttms[index].Name, result);
    }

    // SLEEP (spec §2.4): each occupied STTM generates age samples labelled by its learner; DGR_TRAIN into the LTM; reset STTMs.
    private double Sleep(int taskId, ReportBuilder report, IProgress<TrainingProgress>? progress)
    {
        int sleep = SleepCount + 1;
        BeforeSleep?.Invoke(this, new SleepEventArgs(sleep, taskId));
        var clock = Stopwatch.StartNew();
        using (var scope = NewDisposeScope())
        {
            var xs = new List<Tensor>();
            Tensor? ys = null;
            var tasks = new Dictionary<int, int>();
            for (int i = 0; i < _sttms.Length; i++)
            {
                var s = _sttms[i];
                if (!s.IsTrained) continue;
                var (x, y) = s.Generate(checked((int)s.Age), Seeds.Derive(_context.Seed, "sleep", SleepCount, i));
                xs.Add(x);
                ys = ys is null ? y : GenerativeMemory.ConcatLabels(ys, y, _context.Classes);
                foreach (var (id, count) in s.Dictionary) tasks[id] = tasks.GetValueOrDefault(id) + count;
            }
            // The STTMs' sets go to the LTM as row blocks, copied once into its training buffer and freed right after.
            var result = _ltm.TrainOnBlocks(xs, ys!, tasks, _config.Kappa, _context.NMax, Name, taskId, progress, releaseInputs: true);
            report.Add(_ltm.Name, result);
        }
        foreach (var s in _sttms) s.Reset();
        SleepCount = sleep;
        double seconds = clock.Elapsed.TotalSeconds;
        AfterSleep?.Invoke(this, new SleepEventArgs(sleep, taskId));
        return seconds;
    }

    // TRAIN_NO_ID (spec §2.6): pick an internal id by reconstruction error and label-set overlap; score the choice.
    private int RouteBatch(ContinualTask task)
    {
        using var scope = NewDisposeScope();
        int? chosen = null;
        double best = double.PositiveInfinity;
        for (int i = 0; i < _sttms.Length; i++)
        {
            var s = _sttms[i];
            if (!s.IsTrained) continue;
            double error = s.ReconstructionError(task.TrainX).mean().item<float>();
            if (error <= Threshold(s) && error < best) { best = error; chosen = HeldTask(s); }
        }
        if (chosen is null && _ltm.IsTrained && _ltm.ReconstructionError(task.TrainX).mean().item<float>() <= Threshold(_ltm))
            chosen = BestOverlap(_ltm.Scores(task.TrainX).argmax(1));
        bool isNew = chosen is null;
        int id = chosen ?? _nextInternalId++;

        bool firstVisit = !_internalIdOf.TryGetValue(task.Id, out int expected);
        _batches++;
        if (firstVisit ? isNew : id == expected) _correctBatches++;
        if (firstVisit) _internalIdOf[task.Id] = id;
        return id;
    }

    // Path (b): the internal id consolidated in the LTM whose label set holds most of the LTM's predictions.
    private int? BestOverlap(Tensor predictions)
    {
        var counts = predictions.bincount(null, _context.Classes).data<long>().ToArray();
        int? best = null;
        long bestHits = 0;
        foreach (var id in _ltm.Dictionary.Keys.Order())
        {
            if (!_labelSets.TryGetValue(id, out var labels)) continue;
            long hits = labels.Where(l => l >= 0 && l < counts.Length).Sum(l => counts[l]);
            if (hits > bestHits) { bestHits = hits; best = id; }
        }
        return best;
    }

    // PREDICT_NO_ID per query: the occupied STTM with the smallest error within γ, else the LTM.
    private Tensor RouteByError(Tensor x)
    {
        using var scope = NewDisposeScope();
        using var ltmRoute = LtmRoute.ToScalar();
        var route = full(x.shape[0], ltmRoute, dtype: int64, device: _context.Device);
        var best = full(x.shape[0], KeptScalars.PositiveInfinity, dtype: float32, device: _context.Device);
        for (int i = 0; i < _sttms.Length; i++)
        {
            var s = _sttms[i];
            if (!s.IsTrained) continue;
            var error = s.ReconstructionError(x);
            using var threshold = Threshold(s).ToScalar();
            using var index = i.ToScalar();
            var take = error.le(threshold).logical_and(error.lt(best));
            route = where(take, full_like(route, index), route);
            best = where(take, error, best);
        }
        return route.MoveToOuterDisposeScope();
    }

    private double Threshold(GenerativeMemory m) =>
        _config.GammaMode == GammaMode.Absolute ? _config.Gamma : _config.Gamma * m.LastTrainingError;

    private int RouteById(int? taskId) => taskId is { } t ? IndexHolding(t) ?? LtmRoute : LtmRoute;

    private int? IndexHolding(int id)
    {
        int i = Array.FindIndex(_sttms, s => s.Dictionary.ContainsKey(id));
        return i < 0 ? null : i;
    }

    private static int? HeldTask(GenerativeMemory s) => s.Dictionary.Count == 0 ? null : s.Dictionary.Keys.Min();

    // Sums what every DGR_TRAIN call of one Learn did into a TaskReport.
    private sealed class ReportBuilder
    {
        private readonly Dictionary<string, double> _losses = [];
        private int _epochs;
        private long _samples;

        public void Add(string memory, MemoryTrainResult result)
        {
            _losses[memory + ".vae"] = result.Vae.FinalLoss;
            _losses[memory + ".learner"] = result.Learner.FinalLoss;
            _epochs += result.Epochs;
            _samples += result.SamplesProcessed;
        }

        public TaskReport Build(int taskId, double seconds, bool slept, double sleepSeconds) =>
            new(taskId, seconds, _epochs, _samples, _losses, slept, sleepSeconds);
    }
}
