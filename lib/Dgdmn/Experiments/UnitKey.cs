namespace Dgdmn.Experiments;

/// <summary>
/// One unit of a run: a fresh method (or a variant of it) learning one benchmark's stream with one seed. The key
/// of checkpoints, accuracy matrices, figures and claims; built from its parts, never parsed from a label.
/// </summary>
/// <param name="Experiment">Result label: the experiment, or "experiment/benchmark" when it runs several.</param>
/// <param name="Method">Method name as <see cref="Dgdmn.Methods.MethodCatalog"/> knows it.</param>
/// <param name="Variant">What the unit changes in the method's settings, e.g. "kappa=0.025" or "no-descriptors"; empty for none.</param>
/// <param name="Seed">Run seed.</param>
public sealed record UnitKey(string Experiment, string Method, string Variant, long Seed)
{
    /// <summary>The method label tables and progress lines show: "dgdmn", or "dgdmn kappa=0.025" for a variant.</summary>
    public string Label => LabelOf(Method, Variant);

    /// <summary>"method" or "method variant".</summary>
    public static string LabelOf(string method, string variant) => variant.Length == 0 ? method : $"{method} {variant}";
}
