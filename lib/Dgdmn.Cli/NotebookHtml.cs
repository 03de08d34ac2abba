using System.Globalization;
using System.Net;
using System.Text;
using Dgdmn.IO;

namespace Dgdmn.Cli;

/// <summary>
/// Executed notebooks as HTML pages that need no kernel (Jupyter's nbconvert), and one index page linking them,
/// so the figures stay readable when Polyglot Notebooks or .NET Interactive stop working.
/// </summary>
public static class NotebookHtml
{
    /// <summary>One executed notebook for the index: its name, outcome, time and page (null when it has none).</summary>
    /// <param name="Name">Notebook file name without extension, e.g. "01-digits".</param>
    /// <param name="Passed">Whether every cell ran.</param>
    /// <param name="Seconds">Wall-clock seconds of the run.</param>
    /// <param name="Page">The HTML page relative to the index, or null when the export failed.</param>
    /// <param name="Notebook">The executed .ipynb relative to the index.</param>
    public sealed record Entry(string Name, bool Passed, double Seconds, string? Page, string Notebook);

    /// <summary>The nbconvert executable: <c>DGDMN_JUPYTER</c>, else <c>jupyter</c> on PATH or in /usr/bin, else null.</summary>
    public static string? FindJupyter()
    {
        if (Environment.GetEnvironmentVariable("DGDMN_JUPYTER") is { Length: > 0 } env) return File.Exists(env) ? env : null;
        var dirs = new[] { "/usr/bin", "/usr/local/bin" }.Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator));
        return dirs.Where(d => d.Length > 0).Select(d => Path.Combine(d, "jupyter")).FirstOrDefault(File.Exists);
    }

    /// <summary>
    /// Writes <paramref name="notebook"/> (an executed .ipynb) as <c>&lt;name&gt;.html</c> in <paramref name="folder"/>
    /// and returns its path.
    /// </summary>
    /// <exception cref="FileNotFoundException"><paramref name="notebook"/> does not exist.</exception>
    /// <exception cref="InvalidOperationException">nbconvert is missing or failed; the message says how to install it.</exception>
    public static string Export(string notebook, string folder, TimeSpan? timeout = null)
    {
        // The notebook first: a missing file is the caller's mistake whether or not Jupyter is installed.
        if (!File.Exists(notebook)) throw new FileNotFoundException($"No executed notebook at '{notebook}' to export as HTML.", notebook);
        var jupyter = FindJupyter() ?? throw new InvalidOperationException(
            "HTML export needs Jupyter's nbconvert, which was not found (jupyter on PATH). Install it (Debian/Ubuntu: sudo apt-get install jupyter-nbconvert) or set DGDMN_JUPYTER.");
        Directory.CreateDirectory(folder);
        var name = Path.GetFileNameWithoutExtension(notebook);
        using var work = new TempFolder("dgdmn-html-");
        // require.js would turn the charts' inline plotly.js into an AMD module (no global Plotly) when online and is
        // a network fetch when offline; an empty data URL keeps pages self-contained.
        string[] args = ["nbconvert", "--to", "html", "--HTMLExporter.require_js_url=data:application/javascript,", notebook, "--output-dir", work.Path, "--output", name];
        ToolProcess.Result run;
        try { run = ToolProcess.Run(jupyter, args, timeout ?? TimeSpan.FromMinutes(2), $"'{notebook}'"); }
        catch (TimeoutException e) { throw new InvalidOperationException(e.Message, e); }
        var made = work.File(name + ".html");
        if (run.Code != 0 || !File.Exists(made))
            throw new InvalidOperationException($"nbconvert exited with {run.Code} for '{notebook}': {run.ErrorTail}");
        var target = Path.Combine(folder, name + ".html");
        AtomicFile.WriteAllBytes(target, File.ReadAllBytes(made));
        return target;
    }

    /// <summary>Writes <c>index.html</c> in <paramref name="folder"/>: one row per notebook with outcome, time and links.</summary>
    public static string WriteIndex(string folder, string title, IReadOnlyList<Entry> entries)
    {
        static string E(string s) => WebUtility.HtmlEncode(s);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").Append(E(title)).Append("</title>\n")
            .Append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{padding:.3em .8em;border-bottom:1px solid #ddd;text-align:left}")
            .Append(".failed{color:#b00}.passed{color:#070}</style></head><body>\n<h1>").Append(E(title)).Append("</h1>\n")
            .Append("<p>Each page is an executed notebook; its charts render without a kernel or a network.</p>\n")
            .Append("<table><tr><th>Notebook</th><th>Outcome</th><th>Time</th><th>Executed notebook</th></tr>\n");
        foreach (var e in entries)
        {
            var link = e.Page is null ? E(e.Name) + " (no HTML page)" : $"<a href=\"{E(e.Page)}\">{E(e.Name)}</a>";
            html.Append("<tr><td>").Append(link).Append("</td><td class=\"").Append(e.Passed ? "passed\">passed" : "failed\">FAILED")
                .Append("</td><td>").Append(e.Seconds.ToString("F0", CultureInfo.InvariantCulture)).Append(" s</td><td><a href=\"")
                .Append(E(e.Notebook)).Append("\">").Append(E(Path.GetFileName(e.Notebook))).Append("</a></td></tr>\n");
        }
        html.Append("</table>\n</body></html>\n");
        var path = Path.Combine(folder, "index.html");
        AtomicFile.WriteAllText(path, html.ToString());
        return path;
    }
}
