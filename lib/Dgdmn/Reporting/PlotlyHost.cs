using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dgdmn.Reporting;

/// <summary>
/// Runs Dgdmn.Charts.Plotly (Plotly.NET 6 with its own FSharp.Core 10.1) in a private load context. Notebook
/// kernels such as dotnet-interactive 1.0.712001 already hold FSharp.Core 10.0, which Plotly.NET 6 cannot use
/// (toolchain notes, B2); a private context loads the shipped 10.1 beside it. Only strings cross the boundary.
/// </summary>
internal static class PlotlyHost
{
    /// <summary>Folder name, beside Dgdmn.dll, holding Dgdmn.Charts.Plotly.dll and its dependencies.</summary>
    internal const string FolderName = "plotly";

    private static readonly Lazy<Func<string, string, string>> Renderer = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Renders <paramref name="spec"/> as "figure" JSON, an HTML "fragment" or an HTML "document".</summary>
    internal static string Render(ChartSpec spec, string format) => Renderer.Value(JsonSerializer.Serialize(spec, Json), format);

    // NaN marks blank heatmap cells and line gaps; plain JSON has no NaN, so allow the named literal.
    private static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    private static Func<string, string, string> Load()
    {
        var dir = Folder();
        var context = new PrivateContext(dir);
        var assembly = context.LoadFromAssemblyPath(Path.Combine(dir, "Dgdmn.Charts.Plotly.dll"));
        var method = assembly.GetType("Dgdmn.Charts.Plotly.PlotlyRenderer", throwOnError: true)!
            .GetMethod("Render", BindingFlags.Public | BindingFlags.Static)!;
        return method.CreateDelegate<Func<string, string, string>>();
    }

    private static string Folder()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("DGDMN_PLOTLY_DIR") is { Length: > 0 } fromEnv) candidates.Add(fromEnv);
        var here = typeof(PlotlyHost).Assembly.Location;   // empty when loaded from bytes
        if (here.Length > 0) candidates.Add(Path.Combine(Path.GetDirectoryName(here)!, FolderName));
        candidates.Add(Path.Combine(AppContext.BaseDirectory, FolderName));
        foreach (var c in candidates)
            if (File.Exists(Path.Combine(c, "Dgdmn.Charts.Plotly.dll"))) return c;
        throw new FileNotFoundException(
            "Charts need Dgdmn.Charts.Plotly.dll and its dependencies in a 'plotly' folder beside Dgdmn.dll; building or " +
            "publishing lib/Dgdmn puts it there (or set DGDMN_PLOTLY_DIR). Looked in: " + string.Join(", ", candidates));
    }

    private sealed class PrivateContext(string dir) : AssemblyLoadContext("Dgdmn.Charts.Plotly")
    {
        // Everything present in the folder (Plotly.NET, FSharp.Core 10.1, Newtonsoft.Json, ...) loads here;
        // framework assemblies are not in the folder and fall back to the default context.
        protected override Assembly? Load(AssemblyName name)
        {
            var path = Path.Combine(dir, name.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }
}
