using System.Diagnostics;
using Dgdmn.Data;
using Dgdmn.Memory;
using static TorchSharp.torch;
using Dgdmn.IO;
using Dgdmn.Models;

namespace Dgdmn.Methods;

/// <summary>
/// Deep generative replay (DGR, spec §2.3): DGDMN without the short-term memory. Every task is consolidated
/// straight into one long-term-sized generative memory with DGR_TRAIN(LTM, X, Y, {t: 1}, κ, N_max); prediction
/// is the memory's learner on reconstructions and ignores the task id.
/// </summary>
public sealed class Dgr : IContinualMethod
{
    private readonly MethodContext _context;
    private readonly GenerativeMemory _memory;

    /// <summary>Builds an untrained DGR with the LTM's networks (spec §5).</summary>
    /// <param name="context">Head size, run seed, device, settings and stream size (for the default N_max).</param>
    public Dgr(MethodContext context)
    {
        ValidateContext(context);
        _context = context;
        _memory = new GenerativeMemory("ltm", MemoryArchitecture.LongTerm(context.Config.Networks), context.Classes,
            context.Config.Training, context.Config.Memory, context.Seed, context.Device);
    }

    /// <inheritdoc />
    public string Name => "dgr";

    /// <summary>The single generative memory, for inspection (samples, dictionary, age).</summary>
    public IGenerativeMemoryView Memory => _memory;

    /// <inheritdoc />
    public TaskReport Learn(ContinualTask task, IProgress<TrainingProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        var clock = Stopwatch.StartNew();
        var result = _memory.Train(task.TrainX, task.TrainY, new Dictionary<int, int> { [task.Id] = 1 },
            _context.Config.Memory.Kappa, _context.NMax, Name, task.Id, progress);
        var losses = new Dictionary<string, double>
        {
            ["ltm.vae"] = result.Vae.FinalLoss,
            ["ltm.learner"] = result.Learner.FinalLoss,
        };
        return new TaskReport(task.Id, clock.Elapsed.TotalSeconds, result.Epochs, result.SamplesProcessed, losses);
    }

    /// <inheritdoc />
    /// <remarks>DGR does not use the task id.</remarks>
    public Tensor Scores(Tensor x, int? taskId = null) => _memory.Scores(x);

    /// <inheritdoc />
    public void Save(BinaryWriter writer)
    {
        MethodState.WriteHeader(writer, Name, 1);
        _memory.Save(writer);
    }

    /// <inheritdoc />
    /// <remarks>All or nothing: a failed load leaves the method as it was.</remarks>
    public void Load(BinaryReader reader) => MethodState.LoadAllOrNothing(reader, Save, r =>
    {
        MethodState.ReadHeader(r, Name, 1);
        _memory.LoadCore(r);   // this load keeps the whole state already
    }, Name);

    /// <inheritdoc />
    public void Dispose() => _memory.Dispose();

    /// <summary>Validates the settings DGR and DGDMN share; throws naming the field.</summary>
    internal static void ValidateContext(MethodContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Config.Validate();
        if (context.Classes < 1) throw new ArgumentException($"MethodContext.Classes must be at least 1 (got {context.Classes}).");
        context.Config.Memory.ValidateCapacity(context.NMax, context.Config.Training.BatchSize);
    }
}
