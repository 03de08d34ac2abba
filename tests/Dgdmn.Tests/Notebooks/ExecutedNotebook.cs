using System.Text.Json;

namespace Dgdmn.Tests.Notebooks;

/// <summary>Reads an executed .ipynb: the outputs of each code cell by MIME type.</summary>
internal sealed class ExecutedNotebook
{
    private ExecutedNotebook(IReadOnlyList<IReadOnlyList<(string Kind, string Mime, string Text)>> cells) => CodeCells = cells;

    /// <summary>Per code cell: (output_type, MIME type or stream name, text).</summary>
    internal IReadOnlyList<IReadOnlyList<(string Kind, string Mime, string Text)>> CodeCells { get; }

    internal static ExecutedNotebook Load(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var cells = new List<IReadOnlyList<(string, string, string)>>();
        foreach (var cell in doc.RootElement.GetProperty("cells").EnumerateArray())
        {
            if (cell.GetProperty("cell_type").GetString() != "code") continue;
            var outputs = new List<(string, string, string)>();
            foreach (var o in cell.GetProperty("outputs").EnumerateArray())
            {
                var kind = o.GetProperty("output_type").GetString()!;
                if (o.TryGetProperty("data", out var data))
                    foreach (var m in data.EnumerateObject()) outputs.Add((kind, m.Name, Text(m.Value)));
                else if (o.TryGetProperty("text", out var text)) outputs.Add((kind, o.GetProperty("name").GetString()!, Text(text)));
                else if (o.TryGetProperty("evalue", out var ev)) outputs.Add((kind, "error", ev.GetString() ?? ""));
            }
            cells.Add(outputs);
        }
        return new ExecutedNotebook(cells);
    }

    /// <summary>All text/html outputs of code cell <paramref name="index"/> (0-based), joined.</summary>
    internal string Html(int index) => string.Concat(CodeCells[index].Where(o => o.Mime == "text/html").Select(o => o.Text));

    internal string AllText(int index) => string.Join("\n", CodeCells[index].Select(o => o.Text));

    private static string Text(JsonElement e) => e.ValueKind == JsonValueKind.Array
        ? string.Concat(e.EnumerateArray().Select(x => x.GetString())) : e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText();
}
