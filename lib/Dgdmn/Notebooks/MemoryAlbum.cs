using Dgdmn.Memory;
using Dgdmn.Methods;
using Dgdmn.Reporting;
using static TorchSharp.torch;

namespace Dgdmn.Notebooks;

/// <summary>
/// Photographs a <see cref="DualMemoryNetwork"/>'s generative memories at every sleep (spec §6.6): each occupied
/// STTM's samples just before the sleep, and the LTM's samples just after it, sorted by the label its learner
/// gives them and drawn from the same latent seed every time, so rows compare how the LTM's picture of each task
/// changes (and blurs) from sleep to sleep. Attach it before training; it only reads the memories.
/// </summary>
public sealed class MemoryAlbum : IDisposable
{
    private readonly DualMemoryNetwork _network;
    private readonly int _samples;
    private readonly long _seed;
    private readonly List<Tensor> _sttmRows = [], _ltmRows = [];
    private readonly List<string> _sttmLabels = [], _ltmLabels = [];
    private readonly List<string> _sleeps = [];

    /// <summary>Starts listening to <paramref name="network"/>'s sleeps.</summary>
    /// <param name="network">The network to photograph; not changed.</param>
    /// <param name="samples">Samples per memory per sleep (one grid row).</param>
    /// <param name="seed">Latent seed of every draw.</param>
    public MemoryAlbum(DualMemoryNetwork network, int samples = 16, long seed = 1)
    {
        _network = network ?? throw new ArgumentNullException(nameof(network));
        if (samples < 1) throw new ArgumentOutOfRangeException(nameof(samples), samples, "Samples per row must be at least 1.");
        _samples = samples;
        _seed = seed;
        _network.BeforeSleep += OnBeforeSleep;
        _network.AfterSleep += OnAfterSleep;
    }

    /// <summary>One line per sleep so far: which task triggered it, what the STTMs held and what the LTM holds after it.</summary>
    public IReadOnlyList<string> Sleeps => _sleeps;

    /// <summary>PNG grid of the STTMs' samples: one row per (sleep, occupied STTM), in order.</summary>
    /// <exception cref="InvalidOperationException">No sleep has happened yet.</exception>
    public byte[] SttmGrid() => Grid(_sttmRows, _sttmLabels, "STTM");

    /// <summary>PNG grid of the LTM's samples: row k = after sleep k, sorted by predicted label.</summary>
    /// <exception cref="InvalidOperationException">No sleep has happened yet.</exception>
    public byte[] LtmGrid() => Grid(_ltmRows, _ltmLabels, "LTM");

    /// <summary>Stops listening and frees the stored samples.</summary>
    public void Dispose()
    {
        _network.BeforeSleep -= OnBeforeSleep;
        _network.AfterSleep -= OnAfterSleep;
        foreach (var t in _sttmRows.Concat(_ltmRows)) t.Dispose();
        _sttmRows.Clear();
        _ltmRows.Clear();
        _sttmLabels.Clear();
        _ltmLabels.Clear();
    }

    private void OnBeforeSleep(object? sender, SleepEventArgs e)
    {
        var held = _network.SttmTasks;
        for (var i = 0; i < _network.Sttms.Count; i++)
            if (held[i] is not null)
            {
                _sttmRows.Add(Samples(_network.Sttms[i], sortByLabel: false));
                _sttmLabels.Add($"sleep {e.Sleep}: STTM {i + 1}, task {held[i] + 1}");
            }
        _sleeps.Add($"sleep {e.Sleep} after task {e.TaskId + 1}: STTMs held tasks {string.Join(", ", held.Where(h => h is not null).Select(h => h + 1))}");
    }

    private void OnAfterSleep(object? sender, SleepEventArgs e)
    {
        _ltmRows.Add(Samples(_network.Ltm, sortByLabel: true));
        _ltmLabels.Add($"LTM after sleep {e.Sleep}");
        _sleeps[^1] += $"; LTM holds tasks {string.Join(", ", _network.LtmDictionary.OrderBy(d => d.Key).Select(d => d.Value > 1 ? $"{d.Key + 1}×{d.Value}" : $"{d.Key + 1}"))} (age {_network.Ltm.Age})";
    }

    // Runs inside the network's training scope: the kept tensor leaves every dispose scope and is owned here.
    private Tensor Samples(IGenerativeMemoryView memory, bool sortByLabel)
    {
        using var scope = NewDisposeScope();
        var (x, y) = memory.Generate(_samples, _seed);
        if (sortByLabel)
        {
            var labels = y.dim() == 2 ? y.argmax(1) : y;
            x = x.index_select(0, labels.argsort());
        }
        return x.detach().cpu().clone().DetachFromDisposeScope();
    }

    private byte[] Grid(List<Tensor> rows, List<string> labels, string what) => rows.Count > 0
        ? ImageGrid.ToPng(rows, labels, $"{_samples} generated samples per row")
        : throw new InvalidOperationException($"No {what} samples yet: the network has not slept (it sleeps when all n_STM short-term memories are full).");
}
