namespace Dgdmn.Benchmarks;

/// <summary>"peak": the fp32 matmul rate through libtorch (TorchSharp) and, for reference, PyTorch's BLAS.</summary>
public static class PeakCommand
{
    /// <summary>Square sizes and repetitions measured.</summary>
    private static readonly (int N, int Reps)[] Sizes = [(512, 40), (1024, 15), (2048, 7)];

    /// <summary>
    /// Prints one line per (threads, size) with the best (fastest) repetition's GFLOP/s, per wall second and per
    /// CPU second of the process, and a "peak" line with the best over sizes: the machine's limit as libtorch reaches it.
    /// The best repetition, not the median, because other jobs on the machine can only slow a repetition down.
    /// </summary>
    public static int Run(Options o)
    {
        var report = new Report(o.Out);
        var timeout = TimeSpan.FromSeconds(o.TimeoutSeconds);
        foreach (var threads in o.Threads)
        {
            using var cs = Worker.StartTorchSharp(threads, o.Policies[0]);
            using var py = Worker.StartPyTorch(threads, o.Policies[0]);
            Console.Error.WriteLine($"# torchsharp: {cs.Ready}");
            Console.Error.WriteLine($"# pytorch:    {py.Ready}");
            double[] best = new double[4];
            foreach (var (n, reps) in Sizes)
            {
                double flops = 2.0 * n * n * n;
                var c = cs.AskNumbers($"matmul {n} {reps}", timeout);
                var p = py.AskNumbers($"matmul {n} {reps}", timeout);
                double[] g = [flops / c[2] / 1e9, flops / p[2] / 1e9, flops / c[3] / 1e9, flops / p[3] / 1e9];
                for (int i = 0; i < 4; i++) best[i] = Math.Max(best[i], g[i]);
                report.Line($"matmul threads={threads} n={n} libtorch_gflops={Report.F(g[0])} pytorch_gflops={Report.F(g[1])} " +
                            $"libtorch_gflops_per_cpu_s={Report.F(g[2])} pytorch_gflops_per_cpu_s={Report.F(g[3])} omp_wait_policy={o.Policies[0]}");
            }
            report.Line($"peak threads={threads} libtorch_gflops={Report.F(best[0])} pytorch_gflops={Report.F(best[1])} " +
                        $"libtorch_gflops_per_cpu_s={Report.F(best[2])} pytorch_gflops_per_cpu_s={Report.F(best[3])} omp_wait_policy={o.Policies[0]}");
        }
        return 0;
    }

    /// <summary>libtorch's best matmul rate over 1024² and 2048² (FLOP per wall second, FLOP per CPU second).</summary>
    public static (double Wall, double Cpu) Measure(Worker cs, TimeSpan timeout)
    {
        double wall = 0, cpu = 0;
        foreach (var n in new[] { 1024, 2048 })
        {
            var t = cs.AskNumbers($"matmul {n} {(n == 1024 ? 15 : 5)}", timeout);
            double flops = 2.0 * n * n * n;
            wall = Math.Max(wall, flops / t[2]); cpu = Math.Max(cpu, flops / t[3]);
        }
        return (wall, cpu);
    }
}
