using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.Loader;
using System.Text;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.PackageManagement;
using KernelInfo = Microsoft.DotNet.Interactive.Documents.KernelInfo;

namespace Dgdmn.NbRun;

/// <summary>
/// Runs a C# .ipynb cell by cell in an in-process .NET Interactive kernel and writes the executed notebook.
/// Later cells still run after a failure, so one run reports every broken cell.
/// </summary>
public static class NotebookRunner
{
    /// <summary>
    /// Runs <paramref name="notebookPath"/> with the notebook's folder as working directory (relative <c>#r</c>/<c>#load</c>
    /// paths resolve as in VS Code and Jupyter), then writes the executed notebook to <paramref name="outputPath"/>.
    /// </summary>
    /// <param name="notebookPath">The .ipynb to run.</param>
    /// <param name="outputPath">Where to write the executed notebook (atomically), or null to skip.</param>
    /// <param name="timeout">Budget for the whole notebook. A cell cannot be interrupted in-process: on timeout the
    /// result is returned (and written) with the rest failed, while the stuck cell keeps its thread; hosts should exit.</param>
    /// <param name="log">Receives one line per cell (<c>cell 3: ok (0.42 s) ...</c>); null for silence.</param>
    public static async Task<NotebookResult> RunAsync(string notebookPath, string? outputPath, TimeSpan timeout, TextWriter? log = null)
    {
        var fullPath = Path.GetFullPath(notebookPath);
        if (!File.Exists(fullPath)) throw new FileNotFoundException($"Notebook '{fullPath}' does not exist.", fullPath);
        var total = Stopwatch.StartNew();
        var kernelInfos = new KernelInfoCollection { new KernelInfo("csharp", "C#", ["c#", "C#", "cs"]) };
        kernelInfos.DefaultKernelName = "csharp";
        InteractiveDocument notebook;
        await using (var fs = File.OpenRead(fullPath)) notebook = Notebook.Read(fs, kernelInfos);

        var previousDirectory = Directory.GetCurrentDirectory();
        Directory.SetCurrentDirectory(Path.GetDirectoryName(fullPath)!);
        try
        {
            using var kernel = CreateKernel();
            var executed = new InteractiveDocument();
            var cells = new List<CellResult>();
            var run = RunCellsAsync(kernel, notebook, executed, cells, log);
            var timedOut = await Task.WhenAny(run, Task.Delay(timeout)) != run;
            if (!timedOut) await run;
            lock (cells)
            {
                if (timedOut)
                {
                    var codeCells = notebook.Elements.Where(e => !IsMarkdown(e)).ToList();
                    log?.WriteLine($"TIMEOUT after {timeout.TotalSeconds:F0} s: cell {cells.Count + 1} did not finish");
                    for (var i = cells.Count; i < codeCells.Count; i++)
                        cells.Add(new CellResult(i + 1, FirstLine(codeCells[i].Contents), false, 0,
                            i == cells.Count ? $"timed out after {timeout.TotalSeconds:F0} s" : "not run (timeout)"));
                }
                var result = new NotebookResult(fullPath, cells.ToList(), total.Elapsed.TotalSeconds, timedOut);
                if (outputPath is not null) WriteAtomically(Path.GetFullPath(outputPath, previousDirectory), Snapshot(executed));
                return result;
            }
        }
        finally
        {
            Directory.SetCurrentDirectory(previousDirectory);
        }
    }

    private static CompositeKernel CreateKernel()
    {
        var csharp = new CSharpKernel().UseKernelHelpers().UseValueSharing()
            .UseNugetDirective((k, refs) => { k.AddAssemblyReferences(refs.SelectMany(r => r.AssemblyPaths)); return Task.CompletedTask; });
        var kernel = new CompositeKernel { csharp };
        kernel.DefaultKernelName = "csharp";

        // Packages added by #r "nuget:" may ship kernel extensions (Microsoft.Data.Analysis' DataFrame formatter);
        // the full dotnet-interactive tool loads them, a bare CompositeKernel does not.
        var added = new ConcurrentQueue<string>();
        var seen = new HashSet<string>();
        kernel.KernelEvents.Subscribe(new Observer(e =>
        {
            if (e is PackageAdded { PackageReference.PackageRoot: { } root } && seen.Add(root)) added.Enqueue(root);
        }));
        kernel.AddMiddleware(async (command, context, next) =>
        {
            await next(command, context);
            while (added.TryDequeue(out var root))
            {
                var dir = Path.Combine(root, "interactive-extensions", "dotnet");
                if (!Directory.Exists(dir)) continue;
                foreach (var dll in Directory.GetFiles(dir, "*.dll"))
                    foreach (var type in AssemblyLoadContext.Default.LoadFromAssemblyPath(dll).ExportedTypes
                                 .Where(t => !t.IsAbstract && !t.IsInterface && typeof(IKernelExtension).IsAssignableFrom(t)))
                        if (Activator.CreateInstance(type) is IKernelExtension extension) await extension.OnLoadAsync(kernel);
            }
        });
        return kernel;
    }

    private static async Task RunCellsAsync(Kernel kernel, InteractiveDocument notebook, InteractiveDocument executed,
        List<CellResult> cells, TextWriter? log)
    {
        var n = 0;
        foreach (var element in notebook.Elements)
        {
            if (IsMarkdown(element)) { lock (cells) executed.Add(element); continue; }
            n++;
            var sw = Stopwatch.StartNew();
            var kernelName = element.KernelName ?? "csharp";
            var outputs = new List<InteractiveDocumentOutputElement>();
            string? failure = null;
            if (kernelName is not ("csharp" or "C#" or "c#"))
            {
                failure = $"Cell kernel '{kernelName}' is not supported by the kit's runner; use C# cells.";
                outputs.Add(new ErrorElement(failure));
            }
            else
            {
                var command = new SubmitCode(element.Contents, "csharp");
                var response = await kernel.SendAsync(command);
                foreach (var ev in response.Events)
                    switch (ev)
                    {
                        case StandardOutputValueProduced so: outputs.Add(new TextElement(so.FormattedValues.First().Value, "stdout")); break;
                        case StandardErrorValueProduced se: outputs.Add(new TextElement(se.FormattedValues.First().Value, "stderr")); break;
                        case ReturnValueProduced rv when rv.Value?.GetType().Name == "DisplayedValue": break;
                        case ErrorProduced ep: outputs.Add(new ErrorElement(ep.Message)); break;
                        case DisplayEvent de: outputs.Add(new DisplayElement(de.FormattedValues.ToDictionary(v => v.MimeType, v => (object)v.Value))); break;
                        case CommandFailed cf when cf.Command == command:
                            failure = cf.Message;
                            outputs.Add(new ErrorElement(cf.Message, "Error", (cf.Exception?.ToString() ?? "").Split('\n')));
                            break;
                    }
            }
            var cell = new CellResult(n, FirstLine(element.Contents), failure is null, sw.Elapsed.TotalSeconds, failure);
            lock (cells)
            {
                executed.Add(new InteractiveDocumentElement(element.Contents, kernelName, outputs) { ExecutionOrder = n });
                cells.Add(cell);
            }
            log?.WriteLine(cell.Passed
                ? $"cell {n}: ok ({cell.Seconds:F2} s) {cell.FirstLine}"
                : $"cell {n}: FAILED ({cell.Seconds:F2} s) {cell.FirstLine}\n    {cell.Error!.Split('\n')[0]}");
        }
    }

    private static InteractiveDocument Snapshot(InteractiveDocument executed)
    {
        var copy = new InteractiveDocument();
        foreach (var e in executed.Elements) copy.Add(e);
        return copy;
    }

    private static void WriteAtomically(string path, InteractiveDocument document)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var tmp = path + $".{Guid.NewGuid():N}.tmp";
        File.WriteAllText(tmp, Notebook.ToJupyterJson(document, "C#"), new UTF8Encoding(false));   // kernelspec .net-csharp
        File.Move(tmp, path, overwrite: true);
    }

    private static bool IsMarkdown(InteractiveDocumentElement e) => e.KernelName is "markdown" or "md";

    private static string FirstLine(string contents) => contents.Split('\n')[0].TrimEnd('\r');

    private sealed class Observer(Action<KernelEvent> onNext) : IObserver<KernelEvent>
    {
        public void OnCompleted() { }
        public void OnError(Exception error) { }
        public void OnNext(KernelEvent value) => onNext(value);
    }
}
