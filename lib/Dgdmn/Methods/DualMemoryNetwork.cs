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
    private readonly MethodContext _context;
    private readonly MemoryConfig _config;
    private readonly GenerativeMemory[] _sttms;
    private readonly GenerativeMemory _ltm;
    private readonly MemoryRouting _routing;

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
        _routing = _config.DescriptorFree
            ? new ReconstructionRouting(_sttms, _ltm, _config, context.Classes, context.Device)
            : new TaskIdRouting(_sttms, _ltm, context.Device);
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
    public IReadOnlyList<int?> SttmTasks => _sttms.Select(MemoryRouting.HeldTask).ToArray();

    /// <summary>The LTM's task dictionary D: task id → times consolidated.</summary>
    public IReadOnlyDictionary<int, int> LtmDictionary => _ltm.Dictionary;

    /// <summary>Sleeps (consolidations) so far.</summary>
    public int SleepCount { get; private set; }

    /// <summary>
    /// Descriptor-free mode: the internal id each <see cref="Learn"/> call was routed to, in order (empty with task
    /// ids, where a batch trains under its task id). The experiment scores routing from it; the network never
    /// reads a true task id in this mode.
    /// </summary>
    public IReadOnlyList<int> TrainingIds => _routing.TrainingIds;

    /// <summary>The memory that answers queries of <paramref name="id"/> now: the STTM holding it, else −1 for the LTM.</summary>
    /// <param name="id">A task id, or in descriptor-free mode an internal id from <see cref="TrainingIds"/>.</param>
    public int MemoryHolding(int id) => _routing.IndexHolding(id) ?? MemoryRouting.LtmRoute;

    /// <inheritdoc />
    /// <remarks>
    /// With task ids: DGDMN.TRAIN_TASK(task.Id, X, Y). In descriptor-free mode the batch goes where TRAIN_NO_ID
    /// sends it (<see cref="TrainingIds"/>); its task id only names the task in reports.
    /// </remarks>
    public TaskReport Learn(ContinualTask task, IProgress<TrainingProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.TrainCount == 0) throw new ArgumentException($"dgdmn: task {task.Id} ('{task.Name}') has no training samples (empty task).");
        var clock = Stopwatch.StartNew();
        var report = new ReportBuilder();
        int id = _routing.ForTraining(task);
        Wake(id, task.Id, task.TrainX, task.TrainY, report, progress);
        _routing.Trained(id, task);
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
        return _routing.Scores(x, taskId).MoveToOuterDisposeScope();
    }

    /// <summary>Memory each query goes to: [n] int64, an STTM index or −1 for the LTM (same rule as <see cref="Scores"/>).</summary>
    /// <param name="x">[n, 784] queries; not modified.</param>
    /// <param name="taskId">Task descriptor (ignored in descriptor-free mode).</param>
    public Tensor Route(Tensor x, int? taskId = null) => _routing.Route(x, taskId);

    /// <inheritdoc />
    public void Save(BinaryWriter writer)
    {
        MethodState.WriteHeader(writer, Name, 2);
        writer.Write(_sttms.Length);
        writer.Write(_config.DescriptorFree);
        writer.Write(SleepCount);
        foreach (var s in _sttms) s.Save(writer);
        _ltm.Save(writer);
        _routing.Save(writer);
    }

    /// <inheritdoc />
    /// <remarks>All or nothing: a failed load (of any memory or counter) leaves the network as it was.</remarks>
    public void Load(BinaryReader reader) => MethodState.LoadAllOrNothing(reader, Save, LoadCore, Name);

    private void LoadCore(BinaryReader reader)
    {
        int version = MethodState.ReadHeader(reader, Name, 1, 2);
        MethodState.Expect("MemoryConfig.NStm", reader.ReadInt32(), _sttms.Length);
        MethodState.Expect("MemoryConfig.DescriptorFree", reader.ReadBoolean(), _config.DescriptorFree);
        int sleeps = reader.ReadInt32();
        foreach (var s in _sttms) s.LoadCore(reader);   // Load keeps the whole network's state already
        _ltm.LoadCore(reader);
        if (version == 2) _routing.Load(reader);
        else SkipVersion1Routing(reader);
        SleepCount = sleeps;
    }

    // Version 1 (before routing was its own type) kept routing counters instead of the ids each batch got; with task
    // ids they carry nothing, without them the history the experiment scores is gone, so such a state cannot resume.
    private void SkipVersion1Routing(BinaryReader reader)
    {
        reader.ReadInt32();                   // next internal id
        int batches = reader.ReadInt32();
        reader.ReadInt32();                   // correct batches
        MethodState.ReadCounts(reader);       // first internal id per task
        int sets = reader.ReadInt32();
        for (int i = 0; i < sets; i++)
        {
            reader.ReadInt32();
            int count = reader.ReadInt32();
            for (int j = 0; j < count; j++) reader.ReadInt64();
        }
        if (_config.DescriptorFree && batches > 0)
            throw new InvalidDataException("dgdmn: this descriptor-free state was saved by an older kit (format 1), which did not keep the id each batch was routed to; start the unit over.");
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
        int index = _routing.IndexHolding(id) ?? Array.FindIndex(_sttms, s => !s.IsTrained);
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
                var (x, y) = s.Generate(SleepSamples(s.Age), Seeds.Derive(_context.Seed, "sleep", SleepCount, i));
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

    // n_s of one STTM: its age (spec §2.4) times MemoryConfig.SleepSamplesPerAge.
    private int SleepSamples(long age) => checked((int)Math.Max(1, Math.Round((_config.SleepSamplesPerAge ?? 1) * age)));

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
