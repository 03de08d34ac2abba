namespace Dgdmn.Benchmarks;

/// <summary>
/// "profile": where a step's time goes, per phase (index + zero_grad, forward + loss, backward, optimiser), median
/// per step as wall time and as the calling thread's CPU time (exact at 1 thread; robust to other jobs), for TorchSharp (a replica of Trainer's step with stopwatches) and PyTorch (the same in the script).
/// With <c>--optimizers</c> it compares TorchSharp-side optimisers with each other instead (old loop vs fused step).
/// </summary>
public static class ProfileCommand
{
    /// <summary>Prints two lines (torchsharp, pytorch) per model, batch and thread count, or one per optimiser.</summary>
    public static int Run(Options o)
    {
        if (o.Optimizers.Length > 0) return RunOptimizers(o);
        var report = new Report(o.Out);
        var timeout = TimeSpan.FromSeconds(o.TimeoutSeconds);
        foreach (var threads in o.Threads)
        {
            using var cs = Worker.StartTorchSharp(threads, o.Policies[0]);
            using var py = Worker.StartPyTorch(threads, o.Policies[0]);
            foreach (var model in o.Models)
                foreach (var batch in o.Batches)
                {
                    int steps = batch >= 512 ? 60 : 150;
                    cs.Ask($"profile {model.Name} {batch} 10", timeout); py.Ask($"profile {model.Name} {batch} 10", timeout);
                    foreach (var w in new[] { cs, py })
                    {
                        var ph = w.AskNumbers($"profile {model.Name} {batch} {steps}", timeout).Select(s => s * 1000).ToArray();
                        report.Line($"profile model={model.Name} batch={batch} threads={threads} side={w.Label} " +
                                    $"index_ms={Report.F(ph[0], "F3")} forward_ms={Report.F(ph[1], "F3")} backward_ms={Report.F(ph[2], "F3")} " +
                                    $"optimiser_ms={Report.F(ph[3], "F3")} total_ms={Report.F(ph[..4].Sum(), "F3")} " +
                                    $"cpu_index_ms={Report.F(ph[4], "F3")} cpu_forward_ms={Report.F(ph[5], "F3")} cpu_backward_ms={Report.F(ph[6], "F3")} " +
                                    $"cpu_optimiser_ms={Report.F(ph[7], "F3")} cpu_total_ms={Report.F(ph[4..].Sum(), "F3")}");
                    }
                }
        }
        return 0;
    }

    // One TorchSharp worker; per case the optimisers alternate for --reps rounds (who goes first rotates), so the
    // load of other jobs falls on all of them alike, and each phase is reported as the median over the rounds.
    private static int RunOptimizers(Options o)
    {
        var report = new Report(o.Out);
        var timeout = TimeSpan.FromSeconds(o.TimeoutSeconds);
        foreach (var threads in o.Threads)
        {
            using var cs = Worker.StartTorchSharp(threads, o.Policies[0]);
            foreach (var model in o.Models)
                foreach (var batch in o.Batches)
                {
                    int steps = batch >= 512 ? 60 : 150;
                    foreach (var name in o.Optimizers) cs.Ask($"profile {model.Name} {batch} 10 {name}", timeout);
                    var rounds = o.Optimizers.ToDictionary(name => name, _ => new List<double[]>());
                    for (int r = 0; r < o.Reps; r++)
                        foreach (var name in o.Optimizers.Skip(r % o.Optimizers.Length).Concat(o.Optimizers.Take(r % o.Optimizers.Length)))
                            rounds[name].Add(cs.AskNumbers($"profile {model.Name} {batch} {steps} {name}", timeout).Select(s => s * 1000).ToArray());
                    foreach (var name in o.Optimizers)
                    {
                        var ph = Enumerable.Range(0, 8).Select(i => Stats.Median(rounds[name].Select(p => p[i]))).ToArray();
                        report.Line($"profile model={model.Name} batch={batch} threads={threads} side=torchsharp optimizer={name} " +
                                    $"index_ms={Report.F(ph[0], "F3")} optimiser_ms={Report.F(ph[3], "F3")} total_ms={Report.F(ph[..4].Sum(), "F3")} " +
                                    $"cpu_index_ms={Report.F(ph[4], "F3")} cpu_optimiser_ms={Report.F(ph[7], "F3")} cpu_total_ms={Report.F(ph[4..].Sum(), "F3")}");
                    }
                }
        }
        return 0;
    }
}
