using Dgdmn.Data;
using Dgdmn.Memory;
using TorchSharp;
using static TorchSharp.torch;

namespace Dgdmn.Methods;

/// <summary>
/// Routing with task descriptors (spec §2.4): a batch trains under its task id; a query goes to the STTM holding
/// its task, else to the LTM (also for unseen tasks; no id gives LTM-only prediction, ablation W1).
/// </summary>
internal sealed class TaskIdRouting(GenerativeMemory[] sttms, GenerativeMemory ltm, Device device) : MemoryRouting(sttms, ltm)
{
    public override int ForTraining(ContinualTask task) => task.Id;

    public override IReadOnlyList<int> TrainingIds => [];

    public override Tensor Route(Tensor x, int? taskId)
    {
        using var route = RouteOf(taskId).ToScalar();
        return full(x.shape[0], route, dtype: int64, device: device);
    }

    public override Tensor Scores(Tensor x, int? taskId)
    {
        int route = RouteOf(taskId);
        return (route == LtmRoute ? Ltm : Sttms[route]).Scores(x);
    }

    public override void Save(BinaryWriter writer) { }

    public override void Load(BinaryReader reader) { }

    private int RouteOf(int? taskId) => taskId is { } t ? IndexHolding(t) ?? LtmRoute : LtmRoute;
}
