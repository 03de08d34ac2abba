namespace Dgdmn.Benchmarks;

/// <summary>
/// "profile": where a step's time goes, per phase (index + zero_grad, forward + loss, backward, optimiser), median
/// per step as wall time and as the calling thread's CPU time (exact at 1 thread; robust to other jobs), for TorchSharp (a replica of Trainer's step with stopwatches) and PyTorch (the same in the script).
/// </summary>
public static class ProfileCommand
{
    /// <summary>Prints two lines (torchsharp, pytorch) per model, batch and thread count.</summary>
    public static int Run(Options o)
    {
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
}
