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
        var descriptorFree = context.MethodConfig with { Memory = context.MethodConfig.Memory with { DescriptorFree = true } };
        foreach (var benchmark in context.Definition.Benchmarks)
            foreach (var seed in context.Seeds)
            {
                using var stream = context.CreateStream(benchmark, seed);
                foreach (var method in context.Methods)
                {
                    var withIds = context.RunUnit(benchmark, stream, method, seed);
                    var withoutIds = context.RunUnit(benchmark with { TaskIdAtTest = false }, stream, method, seed,
                        descriptorFree, $"{method} {DescriptorFreeLabel}");
                    accuracy.AddRange(withIds.Accuracy); accuracy.AddRange(withoutIds.Accuracy);
                    timings.AddRange(withIds.Timings); timings.AddRange(withoutIds.Timings);
                }
            }
        // WIRE-UP (lead / methods helper): routing accuracy (share of training batches and of test queries sent to
        // the right memory, spec §2.6) needs the DGDMN method to expose its routing decisions; add it here as a
        // ResultTable "routing" once it does.
        return new ExperimentOutput(accuracy, timings, []);
    }
}
