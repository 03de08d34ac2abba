using Dgdmn.Methods;

namespace Dgdmn.Experiments;

/// <summary>
/// Sensitivity of DGDMN to κ and n_STM (claims C7, C11; spec §2.7): one parameter varied at a time, the other
/// at the experiment's setting, each variant a unit labelled "dgdmn kappa=0.025" or "dgdmn nstm=3". Adds the
/// table "sweep" (parameter, value, seed, acc, bwt).
/// </summary>
public static class SensitivityExperiment
{
    /// <summary>κ values (spec C7: {0, 0.025, 0.05, 0.1}; quick: {0, 0.05, 0.1}).</summary>
    public static IReadOnlyList<double> Kappas(Scale scale) => scale == Scale.Quick ? [0, 0.05, 0.1] : [0, 0.025, 0.05, 0.1];

    /// <summary>n_STM values (weakness W4: {1, 2, 3, 5}; quick: {1, 2}).</summary>
    public static IReadOnlyList<int> ShortTermMemories(Scale scale) => scale == Scale.Quick ? [1, 2] : [1, 2, 3, 5];

    /// <summary>The experiment body.</summary>
    public static ExperimentOutput Run(ExperimentContext context)
    {
        var accuracy = new List<AccuracyRecord>();
        var timings = new List<TaskTiming>();
        List<string> parameters = [];
        List<double> values = [], seeds = [], acc = [], bwt = [];
        var variants = new List<(string Parameter, double Value, MethodConfig Config)>();
        foreach (var kappa in Kappas(context.Scale))
            variants.Add(("kappa", kappa, context.MethodConfig with { Memory = context.MethodConfig.Memory with { Kappa = kappa } }));
        foreach (var n in ShortTermMemories(context.Scale))
            variants.Add(("nstm", n, context.MethodConfig with { Memory = context.MethodConfig.Memory with { NStm = n } }));

        foreach (var benchmark in context.Definition.Benchmarks)
            foreach (var seed in context.Seeds)
            {
                using var stream = context.CreateStream(benchmark, seed);
                foreach (var method in context.Methods)
                    foreach (var (parameter, value, config) in variants)
                    {
                        var label = FormattableString.Invariant($"{method} {parameter}={value}");
                        var unit = context.RunUnit(benchmark, stream, method, seed, config, label);
                        accuracy.AddRange(unit.Accuracy);
                        timings.AddRange(unit.Timings);
                        parameters.Add(parameter); values.Add(value); seeds.Add(seed);
                        acc.Add(Metrics.ContinualMetrics.Acc(unit.Matrix)); bwt.Add(Metrics.ContinualMetrics.Bwt(unit.Matrix));
                    }
            }
        var sweep = new ResultTable("sweep",
            [ResultColumn.Of("parameter", parameters), ResultColumn.Of("value", values), ResultColumn.Of("seed", seeds),
             ResultColumn.Of("acc", acc), ResultColumn.Of("bwt", bwt)]);
        return new ExperimentOutput(accuracy, timings, [sweep]);
    }
}
