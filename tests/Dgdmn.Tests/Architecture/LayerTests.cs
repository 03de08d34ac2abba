using System.Text.RegularExpressions;
using Dgdmn.Tests.Notebooks;

namespace Dgdmn.Tests.Architecture;

/// <summary>
/// The library's layers only point down (docs/architecture.md): a file may use its own namespace and the
/// namespaces of lower layers, never a higher one or one beside it. Read from the sources, so a using
/// directive, a qualified name (<c>Dgdmn.Reporting.Tables</c>, <c>Metrics.ContinualMetrics</c>) and a
/// <c>cref</c> in an XML comment all count.
/// </summary>
public sealed class LayerTests
{
    /// <summary>Layer of every namespace of lib/Dgdmn, bottom first; equal numbers may not use each other.</summary>
    internal static readonly IReadOnlyDictionary<string, int> Layers = new Dictionary<string, int>
    {
        ["Dgdmn"] = 0,
        ["Dgdmn.IO"] = 1, ["Dgdmn.Torch"] = 1,
        ["Dgdmn.Metrics"] = 2,
        ["Dgdmn.Data"] = 3,
        ["Dgdmn.Models"] = 4,
        ["Dgdmn.Memory"] = 5,
        ["Dgdmn.Methods"] = 6,
        ["Dgdmn.Experiments"] = 7,
        ["Dgdmn.Claims"] = 8,
        ["Dgdmn.Reporting"] = 9,
        ["Dgdmn.Notebooks"] = 10,
    };

    private static readonly Regex Namespace = new(@"^namespace\s+([\w.]+)\s*;", RegexOptions.Multiline);
    private static readonly Regex Using = new(@"^\s*(?:global\s+)?using\s+(?:static\s+)?(?:\w+\s*=\s*)?(Dgdmn(?:\.\w+)?)", RegexOptions.Multiline);

    [Fact]
    public void EveryNamespaceHasALayer()
    {
        var unknown = Files().Select(f => f.Namespace).Distinct().Where(n => !Layers.ContainsKey(n)).ToList();
        Assert.True(unknown.Count == 0, $"Namespaces without a layer in LayerTests.Layers (and docs/architecture.md): {string.Join(", ", unknown)}.");
    }

    [Fact]
    public void LayersOnlyPointDown()
    {
        var violations = new List<string>();
        foreach (var (path, ns, text) in Files())
        {
            if (!Layers.TryGetValue(ns, out int mine)) continue;
            foreach (var used in References(text).Distinct())
                if (used != ns && Layers.TryGetValue(used, out int theirs) && theirs >= mine)
                    violations.Add($"{Path.GetRelativePath(RepoPaths.Root, path)} ({ns}, layer {mine}) uses {used} (layer {theirs})");
        }
        Assert.True(violations.Count == 0, "Upward or sideways dependencies:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void TheScanSeesAnUpwardUse()
    {
        // The scanner itself: each way of naming another namespace is found.
        string[] samples =
        [
            "using Dgdmn.Reporting;",
            "var t = Dgdmn.Reporting.Tables.Format(f);",
            "var a = Reporting.Tables.Format(f);",
            "/// <see cref=\"Dgdmn.Reporting.Tables\"/>",
            "using static Dgdmn.Reporting.Figures;",
        ];
        foreach (var sample in samples)
            Assert.Contains("Dgdmn.Reporting", References(sample));
        Assert.DoesNotContain("Dgdmn.Memory", References("var m = c.Memory.NStm; var n = config.Memory with { Kappa = 0 };"));
    }

    /// <summary>Every Dgdmn namespace a source text names.</summary>
    internal static IEnumerable<string> References(string text)
    {
        foreach (Match m in Using.Matches(text)) yield return m.Groups[1].Value;
        foreach (var ns in Layers.Keys.Where(k => k != "Dgdmn"))
        {
            var tail = ns["Dgdmn.".Length..];
            // "Dgdmn.Reporting.X" or, inside Dgdmn.*, the relative "Reporting.X" not preceded by a member access.
            if (Regex.IsMatch(text, $@"(?<![\w.])(?:global::)?Dgdmn\.{tail}\b") || Regex.IsMatch(text, $@"(?<![\w.]){tail}\.[A-Z]\w*\."))
                yield return ns;
        }
    }

    private static IEnumerable<(string Path, string Namespace, string Text)> Files()
    {
        var root = Path.Combine(RepoPaths.Root, "lib", "Dgdmn");
        foreach (var path in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(root, path).Replace('\\', '/');
            if (rel.StartsWith("bin/") || rel.StartsWith("obj/")) continue;
            var text = File.ReadAllText(path);
            var ns = Namespace.Match(text);
            Assert.True(ns.Success, $"{rel} has no file-scoped namespace.");
            yield return (path, ns.Groups[1].Value, text);
        }
    }
}
