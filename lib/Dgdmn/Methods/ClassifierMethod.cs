using System.Diagnostics;
using Dgdmn.Data;
using Dgdmn.Models;
using TorchSharp;
using static TorchSharp.torch;
using Dgdmn.IO;
using Dgdmn.Torch;

namespace Dgdmn.Methods;

/// <summary>
/// What the classifier baselines (spec §5: NN, DropNN, EWC, PPR, Joint, and ER) share: one learner
/// (NetworkConfig.LearnerHidden, the LTM's architecture), trained by <see cref="Trainer.Fit"/> for
/// LearnerEpochs (or Iterations) per task, scored on raw inputs without reconstruction and without the task id.
/// With Adam and <see cref="AdamConfig.KeepStateAcrossTasks"/> (community protocol) one optimiser serves every task
/// and is saved with the weights.
/// </summary>
/// <remarks>
/// Seeds: the first weights come from <c>Seeds.SeedTorch(seed, Name, "init")</c>; the training call of the k-th
/// learned task (k = <see cref="TasksLearned"/> before the call, from 0) uses
/// <c>Seeds.Derive(seed, Name, "fit", k)</c>, and every other random choice of that task is keyed by k too.
/// The counter is saved, so a method restored by <see cref="Load"/> after task k continues exactly like a
/// straight run.
/// </remarks>
public abstract class ClassifierMethod : IContinualMethod
{
    private readonly double _dropout;
    private Learner _learner;
    private IOptimizer? _optimizer;   // kept across tasks (AdamConfig.KeepStateAcrossTasks), else null: fresh per task
    private bool _disposed;

    /// <summary>Validates the configuration and builds the seeded learner.</summary>
    /// <param name="name">Method name (nn, dropnn, ewc, ppr, er, joint); keys every seed.</param>
    /// <param name="context">Head size, seed, device and settings of the run.</param>
    /// <param name="dropout">Dropout after each hidden ReLU (DropNN only), active in training only.</param>
    protected ClassifierMethod(string name, MethodContext context, double dropout = 0)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Classes < 1) throw new ArgumentException($"{name}: MethodContext.Classes must be at least 1 (got {context.Classes}).", nameof(context));
        context.Config.Training.Validate();
        context.Config.Networks.Validate();
        context.Config.Baselines.Validate();
        Name = name; Context = context; _dropout = dropout;
        _learner = BuildLearner("init");
        _optimizer = KeptOptimizer(_learner);
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>Tasks learned so far (training calls made), the key of each task's seeds.</summary>
    public int TasksLearned { get; private set; }

    /// <summary>Head size, seed, device and settings of the run.</summary>
    protected MethodContext Context { get; }

    /// <summary>The learner being trained; replaced by <see cref="Reinitialise"/>.</summary>
    protected Learner Learner => _learner;

    /// <summary>A seed for <paramref name="purpose"/> in the current task: Seeds.Derive(seed, Name, purpose, TasksLearned).</summary>
    protected long TaskSeed(string purpose) => Seeds.Derive(Context.Seed, Name, purpose, TasksLearned);

    /// <summary>A generator for <paramref name="purpose"/> in the current task, keyed like <see cref="TaskSeed"/>.</summary>
    protected Generator TaskGenerator(string purpose) => Seeds.Generator(Context.Seed, Name, purpose, TasksLearned);

    /// <inheritdoc />
    public TaskReport Learn(ContinualTask task, IProgress<TrainingProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var clock = Stopwatch.StartNew();
        FitResult fit;
        using (NewDisposeScope()) fit = Train(task, progress);
        TasksLearned++;
        return new TaskReport(task.Id, clock.Elapsed.TotalSeconds, fit.Epochs, fit.SamplesProcessed,
            new Dictionary<string, double> { ["learner"] = fit.FinalLoss });
    }

    /// <summary>
    /// Trains on one task (and whatever the method adds to it) and updates the method's own state. Runs inside a
    /// dispose scope: tensors kept as state must be detached from it.
    /// </summary>
    protected abstract FitResult Train(ContinualTask task, IProgress<TrainingProgress>? progress);

    /// <summary>One <see cref="Trainer.Fit"/> call of the learner with this task's seed and LearnerEpochs.</summary>
    /// <param name="x">[n, 784] training inputs.</param>
    /// <param name="y">[n] int64 labels.</param>
    /// <param name="task">Task being learned (for labels in progress and errors).</param>
    /// <param name="progress">Per-epoch progress.</param>
    /// <param name="penalty">Extra loss per step (EWC).</param>
    /// <param name="replay">A replay batch mixed into every step (ER with <see cref="BaselineConfig.ReplayEveryStep"/>).</param>
    protected FitResult Fit(Tensor x, Tensor y, ContinualTask task, IProgress<TrainingProgress>? progress, Func<Tensor>? penalty = null,
        ReplayStream? replay = null)
    {
        var training = Context.Config.Training;
        return Trainer.Fit(_learner, x, y, training.LearnerEpochs, training, TaskSeed("fit"),
            new FitLabel(Name, task.Id, "learner"), progress, penalty, optimizer: _optimizer, replay: replay);
    }

    /// <summary>Replaces the learner by freshly initialised weights seeded by this task (Joint), with a fresh kept optimiser.</summary>
    protected void Reinitialise()
    {
        var fresh = BuildLearner("init", TasksLearned);
        _optimizer?.Dispose();
        _learner.Dispose();
        _learner = fresh;
        _optimizer = KeptOptimizer(_learner);
    }

    /// <inheritdoc />
    public Tensor Scores(Tensor x, int? taskId = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _learner.Logits(x);
    }

    /// <inheritdoc />
    public void Save(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        MethodState.WriteHeader(writer, Name, 3);
        writer.Write(TasksLearned);
        _learner.save(writer);
        writer.Write(_optimizer is not null);
        _optimizer?.Save(writer);
        SaveState(writer);
    }

    /// <inheritdoc />
    /// <remarks>Reads everything before changing anything, so a failed load leaves the method as it was.</remarks>
    public void Load(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ObjectDisposedException.ThrowIf(_disposed, this);
        int version = MethodState.ReadHeader(reader, Name, 2, 3);
        int tasks = reader.ReadInt32();
        if (tasks < 0) throw new InvalidDataException($"{Name}: the stream's task counter is {tasks}; the file is damaged.");
        var learner = BuildLearner("load");          // reseeds libtorch's generator; every later Fit reseeds it anyway
        IOptimizer? optimizer = null;
        Action commit;
        try
        {
            learner.LoadChecked(reader, $"{Name} learner");
            optimizer = KeptOptimizer(learner);
            if (version >= 3)
            {
                MethodState.Expect($"{Name} kept optimiser state", reader.ReadBoolean(), optimizer is not null);
                optimizer?.Load(reader);
            }
            else if (optimizer is not null)
                throw new InvalidDataException($"{Name}: this state was saved by an older kit (format 2) without the optimiser state that this configuration keeps across tasks; start the unit over.");
            commit = LoadState(reader);
        }
        catch
        {
            optimizer?.Dispose();
            learner.Dispose();
            throw;
        }
        _optimizer?.Dispose();
        _learner.Dispose();
        _learner = learner;
        _optimizer = optimizer;
        TasksLearned = tasks;
        commit();
    }

    /// <summary>Writes the method's own state after the weights (Fisher, buffers, stored data).</summary>
    protected virtual void SaveState(BinaryWriter writer) { }

    /// <summary>
    /// Reads the state written by <see cref="SaveState"/> without changing the method and returns the action that
    /// installs it (called only once everything has been read).
    /// </summary>
    protected virtual Action LoadState(BinaryReader reader) => () => { };

    /// <summary>A detached copy of <paramref name="t"/> on the method's device, owned by the caller (state to keep).</summary>
    protected Tensor Keep(Tensor t)
    {
        using var scope = NewDisposeScope();
        return t.detach().to(Context.Device).clone().DetachFromDisposeScope();
    }

    /// <summary>Writes a list of tensors (count, then each tensor).</summary>
    protected static void WriteTensors(BinaryWriter writer, IReadOnlyList<Tensor> tensors)
    {
        writer.Write(tensors.Count);
        foreach (var t in tensors) t.Save(writer);
    }

    /// <summary>Reads a list written by <see cref="WriteTensors"/> onto the method's device, detached from any dispose scope.</summary>
    protected List<Tensor> ReadTensors(BinaryReader reader)
    {
        int count = reader.ReadInt32();
        if (count < 0) throw new InvalidDataException($"{Name}: a saved tensor list has length {count}; the file is damaged.");
        var result = new List<Tensor>(count);
        try
        {
            for (int i = 0; i < count; i++)
            {
                using var scope = NewDisposeScope();
                result.Add(Keep(ModuleStream.ReadTensorChecked(reader, Name)));
            }
            return result;
        }
        catch
        {
            foreach (var t in result) t.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Dispose(true);
        _optimizer?.Dispose();
        _learner.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Frees the method's own state tensors.</summary>
    protected virtual void Dispose(bool disposing) { }

    // The community protocol keeps Adam's moments across tasks; the paper's RMSProp starts afresh in every Fit.
    private IOptimizer? KeptOptimizer(Learner learner) =>
        Context.Config.Training.Adam is { KeepStateAcrossTasks: true } ? Context.Config.Training.CreateOptimizer(learner.parameters()) : null;

    private Learner BuildLearner(params object[] seedPath)
    {
        Seeds.SeedTorch(Context.Seed, [Name, .. seedPath]);
        var networks = Context.Config.Networks;
        return new Learner("learner", networks.Inputs, networks.LearnerHidden, Context.Classes, _dropout, Context.Device);
    }
}
