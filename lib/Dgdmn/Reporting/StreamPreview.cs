using Dgdmn.Data;
using static TorchSharp.torch;

namespace Dgdmn.Reporting;

/// <summary>
/// A picture of a task stream: one row per task showing its first test images (a quick check of the data), each row
/// labelled with its task and name, each column with the sample's index within its task.
/// </summary>
public static class StreamPreview
{
    /// <summary>PNG bytes of the preview.</summary>
    /// <param name="stream">Stream to show; not modified.</param>
    /// <param name="perTask">Test images per task (row length).</param>
    /// <param name="scale">Screen pixels per image pixel.</param>
    public static byte[] ToPng(TaskStream stream, int perTask = 8, int scale = 2)
    {
        if (perTask < 1) throw new ArgumentOutOfRangeException(nameof(perTask), perTask, "perTask must be at least 1.");
        using var scope = NewDisposeScope();
        var rows = stream.Select(t => t.TestX.narrow(0, 0, Math.Min(perTask, t.TestCount))).ToList();
        var labels = stream.Select(t => $"task {t.Id + 1}: {t.Name}").ToList();
        int columns = rows.Max(r => (int)r.shape[0]);
        return ImageGrid.ToPng(rows, labels, $"first {columns} test images of each task (column = sample index)", scale,
            columnLabels: Enumerable.Range(1, columns).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList());
    }

    /// <summary>Writes the preview to <paramref name="path"/> atomically.</summary>
    /// <param name="stream">Stream to show.</param>
    /// <param name="path">PNG file to write.</param>
    /// <param name="perTask">Test images per task.</param>
    /// <param name="scale">Screen pixels per image pixel.</param>
    public static void Save(TaskStream stream, string path, int perTask = 8, int scale = 2) =>
        ImageGrid.WriteAtomically(path, ToPng(stream, perTask, scale));
}
