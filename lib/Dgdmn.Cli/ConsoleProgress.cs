using Dgdmn.Experiments;

namespace Dgdmn.Cli;

/// <summary>
/// Shows <see cref="RunProgress"/> on a console: a redrawn one-line bar on a terminal, or one timestamped line per
/// finished task, unit and note in a log (a paper-scale unit runs for an hour; its log should show it moving).
/// Reports synchronously (the runner calls it on its own thread).
/// </summary>
public sealed class ConsoleProgress(TextWriter output, bool interactive) : IProgress<RunProgress>
{
    private const int BarWidth = 24;
    private int _lastLength;

    /// <inheritdoc />
    public void Report(RunProgress value)
    {
        if (value.Kind == RunProgressKind.Note) { Line(value.Message); return; }
        if (!interactive)
        {
            if (value.Kind is RunProgressKind.TaskFinished or RunProgressKind.UnitFinished)
                output.WriteLine($"{DateTime.Now:HH:mm:ss} {Counter(value)}{value.Message}");
            return;
        }
        var done = value.Units > 0 ? (double)value.UnitsDone / value.Units : 0;
        if (value.Units > 0 && value.Tasks is { } tasks && value.Task is { } task && value.Kind != RunProgressKind.UnitFinished)
            done += (value.Kind == RunProgressKind.TaskFinished ? task + 1 : task) / (double)tasks / value.Units;
        var filled = (int)Math.Round(Math.Clamp(done, 0, 1) * BarWidth);
        var text = $"[{new string('#', filled)}{new string('.', BarWidth - filled)}] {Counter(value)}{value.Message}";
        output.Write("\r" + text.PadRight(_lastLength));
        _lastLength = text.Length;
        output.Flush();
    }

    /// <summary>Ends the bar's line.</summary>
    public void Finish()
    {
        if (interactive && _lastLength > 0) output.WriteLine();
        _lastLength = 0;
    }

    private static string Counter(RunProgress value) => value.Units > 0 ? $"{value.UnitsDone}/{value.Units} " : "";

    private void Line(string message)
    {
        Finish();
        output.WriteLine(message);
    }
}
