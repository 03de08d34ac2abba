using Dgdmn.Data;
using Dgdmn.Memory;
using static TorchSharp.torch;

namespace Dgdmn.Methods;

/// <summary>
/// How a <see cref="DualMemoryNetwork"/> decides which memory a training batch and a query belong to (spec §2.4,
/// §2.6): by task id (<see cref="TaskIdRouting"/>) or, without task descriptors, by reconstruction error
/// (<see cref="ReconstructionRouting"/>). The network keeps the memories; a routing only reads them.
/// </summary>
internal abstract class MemoryRouting(GenerativeMemory[] sttms, GenerativeMemory ltm)
{
    /// <summary>Route of a query answered by the long-term memory.</summary>
    public const int LtmRoute = -1;

    protected GenerativeMemory[] Sttms { get; } = sttms;
    protected GenerativeMemory Ltm { get; } = ltm;

    /// <summary>The id the task's batch trains under (and the STTM that holds it or a free one).</summary>
    public abstract int ForTraining(ContinualTask task);

    /// <summary>Called after the batch was learned under <paramref name="id"/>.</summary>
    public virtual void Trained(int id, ContinualTask task) { }

    /// <summary>Memory each query goes to: [n] int64, an STTM index or <see cref="LtmRoute"/>.</summary>
    public abstract Tensor Route(Tensor x, int? taskId);

    /// <summary>Class scores [n, classes], each query answered by the memory <see cref="Route"/> picks.</summary>
    public abstract Tensor Scores(Tensor x, int? taskId);

    /// <summary>Ids each training batch got so far, in order (what the experiment scores routing on).</summary>
    public abstract IReadOnlyList<int> TrainingIds { get; }

    public abstract void Save(BinaryWriter writer);

    public abstract void Load(BinaryReader reader);

    /// <summary>Index of the STTM whose dictionary holds <paramref name="id"/>, or null.</summary>
    public int? IndexHolding(int id)
    {
        int i = Array.FindIndex(Sttms, s => s.Dictionary.ContainsKey(id));
        return i < 0 ? null : i;
    }

    /// <summary>The id an STTM holds (the smallest when several were merged), or null when it is free.</summary>
    public static int? HeldTask(GenerativeMemory s) => s.Dictionary.Count == 0 ? null : s.Dictionary.Keys.Min();
}
