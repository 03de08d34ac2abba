namespace Dgdmn.Benchmarks;

/// <summary>"variants": prototype step variants timed in one TorchSharp worker, alternating with Trainer.Fit.</summary>
public static class VariantsCommand
{
    /// <summary>Variant names measured against "fit".</summary>
    public static string[] Names { get; } = StepVariants.Descriptions.Keys.ToArray();

    /// <summary>Prints samples/s of "fit" and every variant per model and batch.</summary>
    public static int Run(Options o)
    {
        var report = new Report(o.Out);
        var timeout = TimeSpan.FromSeconds(o.TimeoutSeconds);
        foreach (var threads in o.Threads)
        {
            using var cs = Worker.StartTorchSharp(threads, o.Policies[0]);
            foreach (var model in o.Models)
                foreach (var batch in o.Batches)
                {
                    string[] all = ["fit", .. Names];
                    foreach (var v in all) cs.Ask($"variant {v} {model.Name} {batch} 5", timeout);
                    double perStep = cs.AskNumbers($"variant fit {model.Name} {batch} 10", timeout)[0] / 10;
                    int steps = (int)Math.Clamp(Math.Ceiling(o.RepSeconds / perStep), 10, 2000);
                    var times = all.ToDictionary(v => v, _ => new List<double>());
                    var cpu = all.ToDictionary(v => v, _ => new List<double>());
                    for (int r = 0; r < o.Reps; r++)
                        foreach (var v in r % 2 == 0 ? all : all.Reverse())
                        {
                            var t = cs.AskNumbers($"variant {v} {model.Name} {batch} {steps}", timeout);
                            times[v].Add(t[0]); cpu[v].Add(t[1]);
                        }
                    double fit = Stats.Median(times["fit"]), fitCpu = Stats.Median(cpu["fit"]);
                    report.Line($"variants model={model.Name} batch={batch} threads={threads} " + string.Join(' ',
                        all.Select(v => $"{v}_sps={Report.F(batch * steps / Stats.Median(times[v]), "F0")}" +
                                        $" {v}_cpu_sps={Report.F(batch * steps / Stats.Median(cpu[v]), "F0")}" +
                                        (v == "fit" ? "" : $" {v}_speedup={Report.F(fit / Stats.Median(times[v]), "F3")} {v}_cpu_speedup={Report.F(fitCpu / Stats.Median(cpu[v]), "F3")}"))));
                }
        }
        return 0;
    }
}
