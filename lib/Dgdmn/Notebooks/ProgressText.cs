using System.Diagnostics;
using Dgdmn.Experiments;

namespace Dgdmn.Notebooks;

/// <summary>
/// Live training progress for notebooks: turns <see cref="RunProgress"/> events into one status line
/// ("[######......] 3/16 units · dgdmn seed 1 · task 4/10 · …") and hands it to <c>show</c>, at most once per
/// interval plus every finished unit and note, synchronously on the training thread. In a notebook:
/// <c>var bar = display(ProgressText.Waiting); … new ProgressText(s => bar.Update(s))</c>.
/// </summary>
public sealed class ProgressText : IProgress<RunProgress>
{
    /// <summary>Text to display before the first event.</summary>
    public const string Waiting = "waiting for the first task…";

    private const int BarWidth = 20;
    private readonly Action<string> _show;
    private readonly TimeSpan _interval;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan? _lastShown;

    /// <summary>Shows progress through <paramref name="show"/>.</summary>
    /// <param name="show">Receives each status line (e.g. a notebook display's Update).</param>
    /// <param name="interval">Least time between two epoch or task updates (default 1 s); finished units and notes always show.</param>
    public ProgressText(Action<string> show, TimeSpan? interval = null)
    {
        _show = show ?? throw new ArgumentNullException(nameof(show));
        _interval = interval ?? TimeSpan.FromSeconds(1);
    }

    /// <summary>The last status line shown (empty before the first).</summary>
    public string Last { get; private set; } = "";

    /// <summary>Notes reported so far (cache hits, resumed checkpoints).</summary>
    public IReadOnlyList<string> Notes => _notes;

    private readonly List<string> _notes = [];

    /// <inheritdoc />
    public void Report(RunProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Kind == RunProgressKind.Note) _notes.Add(value.Message);
        var always = value.Kind is RunProgressKind.Note or RunProgressKind.UnitFinished;
        if (!always && _lastShown is { } last && _clock.Elapsed - last < _interval) return;
        _lastShown = _clock.Elapsed;
        Last = Format(value, _clock.Elapsed);
        _show(Last);
    }

    /// <summary>One status line for <paramref name="value"/> after <paramref name="elapsed"/>.</summary>
    public static string Format(RunProgress value, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(value);
        var parts = new List<string>();
        if (value.Units > 0)
        {
            var done = (double)value.UnitsDone / value.Units;
            if (value.Tasks is { } tasks && value.Task is { } task && value.Kind != RunProgressKind.UnitFinished)
                done += (value.Kind == RunProgressKind.TaskFinished ? task + 1 : task) / (double)tasks / value.Units;
            var filled = (int)Math.Round(Math.Clamp(done, 0, 1) * BarWidth);
            parts.Add($"[{new string('#', filled)}{new string('.', BarWidth - filled)}] {value.UnitsDone}/{value.Units} units");
        }
        if (value.Method is not null) parts.Add(value.Seed is { } seed ? $"{value.Method} seed {seed}" : value.Method);
        if (value.Task is { } t && value.Tasks is { } n) parts.Add($"task {t + 1}/{n}");
        parts.Add(value.Message);
        parts.Add($"{elapsed.TotalSeconds:F0} s");
        return string.Join(" · ", parts.Where(p => p.Length > 0));
    }
}
