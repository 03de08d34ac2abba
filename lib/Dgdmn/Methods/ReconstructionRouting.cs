using Dgdmn.Data;
using Dgdmn.Memory;
using Dgdmn.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Dgdmn.Methods;

/// <summary>
/// Routing without task descriptors (spec §2.6). TRAIN_NO_ID: a batch joins the occupied STTM that reconstructs
/// it best within γ, else a consolidated task of the LTM (within γ, by overlap of predicted labels with that
/// task's label set), else gets a new internal id. PREDICT_NO_ID: each query goes to the occupied STTM with the
/// smallest reconstruction error within γ, else to the LTM. The true task id is never read.
/// </summary>
internal sealed class ReconstructionRouting(GenerativeMemory[] sttms, GenerativeMemory ltm, MemoryConfig config, int classes, Device device)
    : MemoryRouting(sttms, ltm)
{
    private readonly Dictionary<int, SortedSet<long>> _labelSets = [];   // labels seen per internal id
    private readonly List<int> _trainingIds = [];
    private int _nextId;

    public override IReadOnlyList<int> TrainingIds => _trainingIds;

    public override int ForTraining(ContinualTask task)
    {
        using var scope = NewDisposeScope();
        int? chosen = null;
        double best = double.PositiveInfinity;
        foreach (var s in Sttms)
        {
            if (!s.IsTrained) continue;
            double error = s.ReconstructionError(task.TrainX).mean().item<float>();
            if (error <= Threshold(s) && error < best) { best = error; chosen = HeldTask(s); }
        }
        if (chosen is null && Ltm.IsTrained && Ltm.ReconstructionError(task.TrainX).mean().item<float>() <= Threshold(Ltm))
            chosen = BestOverlap(Ltm.Scores(task.TrainX).argmax(1));
        int id = chosen ?? _nextId++;
        _trainingIds.Add(id);
        return id;
    }

    public override void Trained(int id, ContinualTask task)
    {
        var labels = _labelSets.TryGetValue(id, out var set) ? set : _labelSets[id] = [];
        using var cpu = task.TrainY.cpu();
        labels.UnionWith(cpu.data<long>());
    }

    public override Tensor Route(Tensor x, int? taskId)
    {
        using var scope = NewDisposeScope();
        using var ltmRoute = LtmRoute.ToScalar();
        var route = full(x.shape[0], ltmRoute, dtype: int64, device: device);
        var best = full(x.shape[0], KeptScalars.PositiveInfinity, dtype: float32, device: device);
        for (int i = 0; i < Sttms.Length; i++)
        {
            var s = Sttms[i];
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

    public override Tensor Scores(Tensor x, int? taskId)
    {
        using var scope = NewDisposeScope();
        var routes = Route(x, null);
        var scores = Ltm.Scores(x);
        for (int i = 0; i < Sttms.Length; i++)
        {
            using var index = i.ToScalar();
            var mine = routes.eq(index);
            if (mine.any().item<bool>()) scores = where(mine.unsqueeze(1), Sttms[i].Scores(x), scores);
        }
        return scores.MoveToOuterDisposeScope();
    }

    public override void Save(BinaryWriter writer)
    {
        writer.Write(_nextId);
        writer.Write(_trainingIds.Count);
        foreach (var id in _trainingIds) writer.Write(id);
        writer.Write(_labelSets.Count);
        foreach (var (id, labels) in _labelSets.OrderBy(p => p.Key))
        {
            writer.Write(id);
            writer.Write(labels.Count);
            foreach (var l in labels) writer.Write(l);
        }
    }

    public override void Load(BinaryReader reader)
    {
        int next = reader.ReadInt32();
        var ids = new int[reader.ReadInt32()];
        for (int i = 0; i < ids.Length; i++) ids[i] = reader.ReadInt32();
        var sets = new Dictionary<int, SortedSet<long>>();
        int count = reader.ReadInt32();
        for (int i = 0; i < count; i++)
        {
            int id = reader.ReadInt32();
            int n = reader.ReadInt32();
            var labels = new SortedSet<long>();
            for (int j = 0; j < n; j++) labels.Add(reader.ReadInt64());
            sets[id] = labels;
        }
        _nextId = next;
        _trainingIds.Clear(); _trainingIds.AddRange(ids);
        _labelSets.Clear();
        foreach (var (id, labels) in sets) _labelSets[id] = labels;
    }

    private double Threshold(GenerativeMemory m) =>
        config.GammaMode == GammaMode.Absolute ? config.Gamma : config.Gamma * m.LastTrainingError;

    // Path (b): the internal id consolidated in the LTM whose label set holds most of the LTM's predictions.
    private int? BestOverlap(Tensor predictions)
    {
        var counts = predictions.bincount(null, classes).data<long>().ToArray();
        int? best = null;
        long bestHits = 0;
        foreach (var id in Ltm.Dictionary.Keys.Order())
        {
            if (!_labelSets.TryGetValue(id, out var labels)) continue;
            long hits = labels.Where(l => l >= 0 && l < counts.Length).Sum(l => counts[l]);
            if (hits > bestHits) { bestHits = hits; best = id; }
        }
        return best;
    }
}
