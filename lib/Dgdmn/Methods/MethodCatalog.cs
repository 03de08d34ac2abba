namespace Dgdmn.Methods;

/// <summary>One method of the kit: the name the command line and result tables use, how figures show it, and how to build it.</summary>
/// <param name="Name">Command-line and result name, e.g. "dgdmn".</param>
/// <param name="DisplayName">The paper's spelling, e.g. "DGDMN".</param>
/// <param name="Color">Chart colour (hex), the same in every figure.</param>
/// <param name="Create">Builds a fresh, untrained instance for one run.</param>
public sealed record MethodInfo(string Name, string DisplayName, string Color, Func<MethodContext, IContinualMethod> Create);

/// <summary>
/// Every method of the kit, once, in table order (spec §5; ER is the kit's extra): the runner, the result
/// tables, the figures and the command line all read it, so adding a method is one line here.
/// </summary>
public static class MethodCatalog
{
    /// <summary>The methods in table order.</summary>
    public static IReadOnlyList<MethodInfo> All { get; } =
    [
        new("nn", "NN", "#1f77b4", c => new Naive(c, dropout: false)),
        new("dropnn", "DropNN", "#ff7f0e", c => new Naive(c, dropout: true)),
        new("ewc", "EWC", "#2ca02c", c => new Ewc(c)),
        new("ppr", "PPR", "#d62728", c => new PseudoPatternRehearsal(c)),
        new("er", "ER", "#9467bd", c => new ExactReplay(c)),
        new("dgr", "DGR", "#8c564b", c => new Dgr(c)),
        new("dgdmn", "DGDMN", "#e377c2", c => new DualMemoryNetwork(c)),
        new("joint", "Joint", "#7f7f7f", c => new Joint(c)),
    ];

    /// <summary>Method names in table order.</summary>
    public static IReadOnlyList<string> Names => NameArray;

    private static readonly string[] NameArray = All.Select(m => m.Name).ToArray();

    /// <summary>The method called <paramref name="name"/> (case-insensitive), or null.</summary>
    public static MethodInfo? Find(string name) => All.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The method called <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">No such method; the message lists the valid names.</exception>
    public static MethodInfo Get(string name) => Find(name)
        ?? throw new ArgumentException($"Unknown method '{name}'. Valid methods: {string.Join(", ", Names)}.", nameof(name));

    /// <summary>A fresh, untrained <paramref name="name"/> for one run.</summary>
    /// <param name="name">One of <see cref="Names"/> (case-insensitive).</param>
    /// <param name="context">Head size, seed, device, configuration and dataset size.</param>
    public static IContinualMethod Create(string name, MethodContext context) => Get(name).Create(context);

    /// <summary>Position of <paramref name="name"/> in table order; unknown names sort last.</summary>
    public static int Order(string name) => Find(name) is { } m ? Array.IndexOf(NameArray, m.Name) : All.Count;
}
