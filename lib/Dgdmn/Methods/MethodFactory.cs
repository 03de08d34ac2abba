namespace Dgdmn.Methods;

/// <summary>Builds any of the kit's methods by the name the command line and result tables use.</summary>
public static class MethodFactory
{
    /// <summary>Every method name, in the order tables and charts list them (spec §5; ER is the kit's extra).</summary>
    public static IReadOnlyList<string> Names { get; } = ["nn", "dropnn", "ewc", "ppr", "er", "joint", "dgr", "dgdmn"];

    /// <summary>The paper's names for display: NN, DropNN, EWC, PPR, ER, Joint, DGR, DGDMN.</summary>
    public static string DisplayName(string name) => name switch
    {
        "nn" => "NN", "dropnn" => "DropNN", "ewc" => "EWC", "ppr" => "PPR", "er" => "ER",
        "joint" => "Joint", "dgr" => "DGR", "dgdmn" => "DGDMN", _ => name,
    };

    /// <summary>A fresh, untrained method for one run.</summary>
    /// <param name="name">One of <see cref="Names"/> (case-insensitive).</param>
    /// <param name="context">Head size, seed, device, configuration and dataset size.</param>
    public static IContinualMethod Create(string name, MethodContext context) => name.ToLowerInvariant() switch
    {
        "nn" => new Naive(context, dropout: false),
        "dropnn" => new Naive(context, dropout: true),
        "ewc" => new Ewc(context),
        "ppr" => new PseudoPatternRehearsal(context),
        "er" => new ExactReplay(context),
        "joint" => new Joint(context),
        "dgr" => new Dgr(context),
        "dgdmn" => new DualMemoryNetwork(context),
        _ => throw new ArgumentException($"Unknown method '{name}'. Valid methods: {string.Join(", ", Names)}.", nameof(name)),
    };
}
