using Dgdmn.Methods;

namespace Dgdmn.Experiments;

/// <summary>
/// The v2 ablation without task descriptors (spec §2.6, claim C13): DGDMN with task ids ("dgdmn") against
/// DGDMN routing by reconstruction error with γ ("dgdmn no-descriptors", <c>Memory.DescriptorFree</c>), which
/// gets no task id at test either. Compare their ACC/BWT in the summary.
/// </summary>
public static class NoDescriptorsExperiment
{
    /// <summary>Label of the descriptor-free variant in the results.</summary>
    public const string DescriptorFreeLabel = "no-descriptors";

    /// <summary>The experiment body.</summary>
    public static ExperimentOutput Run(ExperimentContext context)
    {
        var accuracy = new List<AccuracyRecord>();
        var timings = new List<TaskTiming>();
        var routingSeeds = new List<double>();
        var batchRouting = new List<double>();
        var queryRouting = new List<double>();
        var descriptorFree = context.MethodConfig with { Memory = context.MethodConfig.Memory with { DescriptorFree = true } };
        foreach (var benchmark in context.Definition.Benchmarks)
            foreach (var seed in context.Seeds)
            {
                using var stream = context.CreateStream(benchmark, seed);
                foreach (var method in context.Methods)
                {
                    var withIds = context.RunUnit(benchmark, stream, method, seed);
                    var withoutIds = context.RunUnit(benchmark with { TaskIdAtTest = false }, stream, method, seed,
                        descriptorFree, $"{method} {DescriptorFreeLabel}", inspect: m =>
                        {
                            if (m is not DualMemoryNetwork dgdmn) return;
                            routingSeeds.Add(seed);
                            batchRouting.Add(dgdmn.BatchRouting.Accuracy);
                            queryRouting.Add(stream.Average(t => dgdmn.QueryRoutingAccuracy(t.TestX, t.Id)));
                        });
                    accuracy.AddRange(withIds.Accuracy); accuracy.AddRange(withoutIds.Accuracy);
                    timings.AddRange(withIds.Timings); timings.AddRange(withoutIds.Timings);
                }
            }
        // Routing accuracy (spec §2.6): share of training batches, and of test queries after the last task, sent to the right memory.
        var routing = new ResultTable("routing",
        [
            ResultColumn.Of("seed", routingSeeds), ResultColumn.Of("batch_routing", batchRouting), ResultColumn.Of("query_routing", queryRouting),
        ]);
        return new ExperimentOutput(accuracy, timings, [routing]);
    }
}
