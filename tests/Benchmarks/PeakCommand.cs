namespace Dgdmn.Benchmarks;

/// <summary>"peak": the fp32 matmul rate through libtorch (TorchSharp) and, for reference, PyTorch's BLAS.</summary>
public static class PeakCommand
{
    /// <summary>
    /// Prints one line per (threads, size): median GFLOP/s of an n × n by n × n matmul, per wall second and per
    /// CPU second of the process (the latter is robust to other jobs; at 1 thread it is the per-core peak).
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
            foreach (var (n, reps) in new[] { (2048, 7), (4096, 3) })
            {
                double flops = 2.0 * n * n * n;
                var c = cs.AskNumbers($"matmul {n} {reps}", timeout);
                var p = py.AskNumbers($"matmul {n} {reps}", timeout);
                report.Line($"peak threads={threads} n={n} libtorch_gflops={Report.F(flops / c[0] / 1e9)} " +
                            $"pytorch_gflops={Report.F(flops / p[0] / 1e9)} libtorch_gflops_per_cpu_s={Report.F(flops / c[1] / 1e9)} " +
                            $"pytorch_gflops_per_cpu_s={Report.F(flops / p[1] / 1e9)} omp_wait_policy={o.Policies[0]}");
            }
        }
        return 0;
    }
}
