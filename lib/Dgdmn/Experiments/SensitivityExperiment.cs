using Dgdmn.Methods;

namespace Dgdmn.Experiments;

/// <summary>
/// Sensitivity of DGDMN to κ and n_STM (claims C7, C11; spec §2.7): one parameter varied at a time, the other
/// at the experiment's setting, each a unit of variant "kappa=0.025" or "nstm=3" (<see cref="Variant"/>), over the
/// grids below or those of <see cref="ExperimentDefinition.Grids"/>. Adds the
/// table "sweep" (parameter, value, seed, acc, bwt). Two bodies: <see cref="Run"/> sweeps both (sensitivity,
/// Digits with N_max halved), <see cref="RunKappa"/> κ alone (forgetting, TDigits, where κ's floor binds).
/// </summary>
public static class SensitivityExperiment
{
    /// <summary>κ values (spec C7: {0, 0.025, 0.05, 0.1}; quick: {0, 0.05, 0.1}).</summary>
    public static IReadOnlyList<double> Kappas(Scale scale) => scale == Scale.Quick ? [0, 0.05, 0.1] : [0, 0.025, 0.05, 0.1];

    /// <summary>n_STM values (weakness W4: {1, 2, 3, 5}; quick: {1, 2}).</summary>
    public static IReadOnlyList<int> ShortTermMemories(Scale scale) => scale == Scale.Quick ? [1, 2] : [1, 2, 3, 5];

    /// <summary>The variant name of one grid point: "kappa=0.025", "nstm=3".</summary>
    public static string Variant(string parameter, double value) => FormattableString.Invariant($"{parameter}={value}");

    /// <summary>The body that sweeps κ, then n_STM.</summary>
    public static ExperimentOutput Run(ExperimentContext context) => Sweep(context, nStm: true);

    /// <summary>The body that sweeps κ alone (n_STM stays at the experiment's setting).</summary>
    public static ExperimentOutput RunKappa(ExperimentContext context) => Sweep(context, nStm: false);

    /// <summary>Whether <paramref name="body"/> sweeps κ (<see cref="Run"/> or <see cref="RunKappa"/>).</summary>
    public static bool SweepsKappa(ExperimentBody? body) => body == Run || body == RunKappa;

    /// <summary>Whether <paramref name="body"/> sweeps n_STM (<see cref="Run"/>).</summary>
    public static bool SweepsShortTermMemories(ExperimentBody? body) => body == Run;

    private static ExperimentOutput Sweep(ExperimentContext context, bool nStm)
    {
        var grids = context.Definition.Grids;
        var variants = new List<(string Parameter, double Value, MethodConfig Config)>();
        foreach (var kappa in grids?.Kappas ?? Kappas(context.Scale))
            variants.Add(("kappa", kappa, context.MethodConfig with { Memory = context.MethodConfig.Memory with { Kappa = kappa } }));
        if (nStm)
            foreach (var n in grids?.ShortTermMemories ?? ShortTermMemories(context.Scale))
                variants.Add(("nstm", n, context.MethodConfig with { Memory = context.MethodConfig.Memory with { NStm = n } }));

        var units = new List<UnitResult>();
        List<string> parameters = [];
        List<double> values = [], seeds = [], acc = [], bwt = [];
        foreach (var unit in context.Units())
            foreach (var (parameter, value, config) in variants)
            {
                var result = context.RunUnit(unit, config, Variant(parameter, value));
                units.Add(result);
                parameters.Add(parameter); values.Add(value); seeds.Add(unit.Seed);
                acc.Add(Metrics.ContinualMetrics.Acc(result.Matrix)); bwt.Add(Metrics.ContinualMetrics.Bwt(result.Matrix));
            }
        var sweep = new ResultTable("sweep",
            [ResultColumn.Of("parameter", parameters), ResultColumn.Of("value", values), ResultColumn.Of("seed", seeds),
             ResultColumn.Of("acc", acc), ResultColumn.Of("bwt", bwt)]);
        return ExperimentOutput.Of(units, sweep);
    }
}
