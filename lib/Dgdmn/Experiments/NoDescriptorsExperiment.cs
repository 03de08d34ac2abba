using Dgdmn.Methods;

namespace Dgdmn.Experiments;

/// <summary>
/// The v2 ablation without task descriptors (spec §2.6, claim C13): DGDMN with task ids ("dgdmn") against
/// DGDMN routing by reconstruction error with γ ("dgdmn no-descriptors", <c>Memory.DescriptorFree</c>), which
/// gets no task id at test either. Compare their ACC/BWT in the summary.
/// </summary>
public static class NoDescriptorsExperiment
{
    /// <summary>The descriptor-free variant's name in the results (its label: "dgdmn no-descriptors").</summary>
    public const string DescriptorFreeVariant = "no-descriptors";

    /// <summary>The experiment body.</summary>
    public static ExperimentOutput Run(ExperimentContext context)
    {
        var units = new List<UnitResult>();
        List<double> routingSeeds = [], batchRouting = [], queryRouting = [];
        var descriptorFree = context.MethodConfig with { Memory = context.MethodConfig.Memory with { DescriptorFree = true } };
        foreach (var unit in context.Units())
        {
            units.Add(context.RunUnit(unit));
            units.Add(context.RunUnit(unit, descriptorFree, DescriptorFreeVariant, benchmark: unit.Benchmark with { TaskIdAtTest = false }, inspect: m =>
            {
                if (m is not DualMemoryNetwork dgdmn) return;
                // Routing accuracy (spec §2.6): share of training batches, and of test queries after the last task, sent to the right memory.
                var taskIds = unit.Stream.Select(t => t.Id).ToList();
                routingSeeds.Add(unit.Seed);
                batchRouting.Add(RoutingAccuracy.OfBatches(taskIds, dgdmn.TrainingIds));
                queryRouting.Add(unit.Stream.Average(t => RoutingAccuracy.OfQueries(dgdmn, t.TestX, t.Id, taskIds)));
            }));
        }
        var routing = new ResultTable("routing",
        [
            ResultColumn.Of("seed", routingSeeds), ResultColumn.Of("batch_routing", batchRouting), ResultColumn.Of("query_routing", queryRouting),
        ]);
        return ExperimentOutput.Of(units, routing);
    }
}
