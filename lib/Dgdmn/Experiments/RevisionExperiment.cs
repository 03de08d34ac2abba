using Dgdmn.IO;
using Dgdmn.Methods;

namespace Dgdmn.Experiments;

/// <summary>
/// Revision of repeated tasks (spec §2.5, claim C8): DGDMN learns Digits 1..10, then tasks 1, 2 and 3 again. The
/// same trained network is revised twice, with the LTM's reconstructions of the revisited task as extra STTM
/// training data (path (b), <see cref="Memory.MemoryConfig.LtmExtras"/>) and without, so the two differ only in
/// that path. Adds the table "revision" (seed, ltm_extras, task, before, after): accuracy on every task after the
/// ten tasks and after the revisits.
/// </summary>
public static class RevisionExperiment
{
    /// <summary>Tasks revisited after the stream, in order (spec C8: tasks 1, 2, 3, ids 0, 1, 2).</summary>
    public static IReadOnlyList<int> Revisited { get; } = [0, 1, 2];

    /// <summary>The experiment body.</summary>
    public static ExperimentOutput Run(ExperimentContext context)
    {
        var units = new List<UnitResult>();
        List<double> seeds = [], extras = [], tasks = [], before = [], after = [];
        foreach (var unit in context.Units())
        {
            units.Add(context.RunUnit(unit, inspect: trained =>
            {
                using var evaluator = context.Evaluator(unit.Stream, unit.Benchmark);
                var start = evaluator.Evaluate(trained);
                var state = MethodState.ToBytes(trained.Save);
                foreach (bool withExtras in new[] { true, false })
                {
                    var config = context.MethodConfig with { Memory = context.MethodConfig.Memory with { LtmExtras = withExtras } };
                    using var revised = context.CreateMethod(unit.Method, unit.Stream, unit.Seed, config);
                    MethodState.FromBytes(state, revised.Load);
                    foreach (int id in Revisited)
                    {
                        context.CancellationToken.ThrowIfCancellationRequested();
                        revised.Learn(unit.Stream[id]);
                        context.Note($"revision {unit.Method} seed {unit.Seed}{(withExtras ? "" : " without LTM extras")}: revisited task {id + 1}");
                    }
                    var end = evaluator.Evaluate(revised);
                    for (int t = 0; t < end.Length; t++)
                    {
                        seeds.Add(unit.Seed); extras.Add(withExtras ? 1 : 0); tasks.Add(t); before.Add(start[t]); after.Add(end[t]);
                    }
                }
            }));
        }
        var table = new ResultTable("revision",
        [
            ResultColumn.Of("seed", seeds), ResultColumn.Of("ltm_extras", extras), ResultColumn.Of("task", tasks),
            ResultColumn.Of("before", before), ResultColumn.Of("after", after),
        ]);
        return ExperimentOutput.Of(units, table);
    }
}
