namespace Dgdmn.Benchmarks;

/// <summary>
/// "steps": training-step throughput of the kit (TorchSharp) and of PyTorch, alternated case by case and
/// repetition by repetition in two child processes per (wait policy, threads), so both see the same machine load.
/// </summary>
public static class StepsCommand
{
    /// <summary>Runs every configured case and prints one contract line per case.</summary>
    public static int Run(Options o)
    {
        var report = new Report(o.Out);
        var timeout = TimeSpan.FromSeconds(o.TimeoutSeconds);
        foreach (var policy in o.Policies)
            foreach (var threads in o.Threads)
            {
                // With one thread the wait policy has nothing to wait for; measure it once, under the kit's policy.
                if (threads == 1 && policy != o.Policies[0]) continue;
                RunConfiguration(o, report, policy, threads, timeout);
            }
        return 0;
    }

    private static void RunConfiguration(Options o, Report report, string policy, int threads, TimeSpan timeout)
    {
        var cs = Worker.StartTorchSharp(threads, policy);
        var py = Worker.StartPyTorch(threads, policy);
        try
        {
            Console.Error.WriteLine($"# torchsharp: {cs.Ready}");
            Console.Error.WriteLine($"# pytorch:    {py.Ready}");
            var (peak, cpuPeak) = PeakCommand.Measure(cs, timeout);
            var ratios = new List<(string Case, double Wall, double Cpu)>();
            Console.Error.WriteLine($"# libtorch matmul peak at {threads} thread(s): {peak / 1e9:F1} GFLOP/s wall, {cpuPeak / 1e9:F1} per CPU-second");
            foreach (var model in o.Models)
                foreach (var batch in o.Batches)
                {
                    string line;
                    try
                    {
                        var (csSps, pySps, csCpuSps, pyCpuSps) = Measure(cs, py, model, batch, o, timeout);
                        double f = model.FlopsPerSample;
                        ratios.Add(($"{model.Name}/{batch}", csSps / pySps, csCpuSps / pyCpuSps));
                        line = $"model={model.Name} batch={batch} threads={threads} torchsharp_sps={Report.F(csSps, "F0")} " +
                               $"pytorch_sps={Report.F(pySps, "F0")} ratio={Report.F(csSps / pySps, "F3")} " +
                               $"flops_fraction={Report.F(csSps * f / peak, "F3")} pytorch_flops_fraction={Report.F(pySps * f / peak, "F3")} " +
                               $"matmul_peak_gflops={Report.F(peak / 1e9)} " +
                               $"torchsharp_cpu_sps={Report.F(csCpuSps, "F0")} pytorch_cpu_sps={Report.F(pyCpuSps, "F0")} " +
                               $"cpu_ratio={Report.F(csCpuSps / pyCpuSps, "F3")} cpu_flops_fraction={Report.F(csCpuSps * f / cpuPeak, "F3")} " +
                               $"omp_wait_policy={policy}";
                    }
                    catch (TimeoutException e)
                    {
                        line = $"model={model.Name} batch={batch} threads={threads} torchsharp_sps=nan pytorch_sps=nan ratio=nan " +
                               $"omp_wait_policy={policy} stalled=\"{e.Message}\"";
                        cs.Dispose(); py.Dispose();
                        cs = Worker.StartTorchSharp(threads, policy);
                        py = Worker.StartPyTorch(threads, policy);
                    }
                    report.Line(line);
                }
            // The target is every case at or above PyTorch: the worst case is the figure to quote.
            if (ratios.Count > 0)
            {
                var wall = ratios.MinBy(r => r.Wall); var cpu = ratios.MinBy(r => r.Cpu);
                report.Line($"summary threads={threads} omp_wait_policy={policy} cases={ratios.Count} worst_ratio={Report.F(wall.Wall, "F3")} worst_case={wall.Case} " +
                            $"worst_cpu_ratio={Report.F(cpu.Cpu, "F3")} worst_cpu_case={cpu.Case} cases_at_or_above_1={ratios.Count(r => r.Wall >= 1)}");
            }
        }
        finally
        {
            cs.Dispose(); py.Dispose();
        }
    }

    /// <summary>
    /// Warms both sides up, picks steps per repetition, then alternates timed repetitions. Returns medians in
    /// samples/s of wall time and of process CPU time (the latter is robust to other jobs on the machine).
    /// </summary>
    private static (double Cs, double Py, double CsCpu, double PyCpu) Measure(Worker cs, Worker py, StepModel model, int batch, Options o, TimeSpan timeout)
    {
        string Req(int steps) => $"run {model.Name} {batch} {steps}";
        cs.Ask(Req(5), timeout); py.Ask(Req(5), timeout);
        double perStep = Math.Min(cs.AskNumbers(Req(10), timeout)[0], py.AskNumbers(Req(10), timeout)[0]) / 10;
        int steps = (int)Math.Clamp(Math.Ceiling(o.RepSeconds / perStep), 10, 2000);
        var csTimes = new List<double[]>(); var pyTimes = new List<double[]>();
        for (int r = 0; r < o.Reps; r++)
        {
            // Alternate who goes first so a load change favours neither side.
            if (r % 2 == 0) { csTimes.Add(cs.AskNumbers(Req(steps), timeout)); pyTimes.Add(py.AskNumbers(Req(steps), timeout)); }
            else { pyTimes.Add(py.AskNumbers(Req(steps), timeout)); csTimes.Add(cs.AskNumbers(Req(steps), timeout)); }
        }
        double samples = (double)batch * steps;
        return (samples / Stats.Median(csTimes.Select(t => t[0])), samples / Stats.Median(pyTimes.Select(t => t[0])),
                samples / Stats.Median(csTimes.Select(t => t[1])), samples / Stats.Median(pyTimes.Select(t => t[1])));
    }
}
