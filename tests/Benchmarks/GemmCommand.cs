namespace Dgdmn.Benchmarks;

/// <summary>
/// "gemm": one Linear layer's forward GEMM at the models' shapes, libtorch (TorchSharp) against PyTorch's BLAS,
/// to separate BLAS speed from framework overhead.
/// </summary>
public static class GemmCommand
{
    /// <summary>Prints GFLOP/s per CPU-second for every distinct Linear shape of the chosen models and batches.</summary>
    public static int Run(Options o)
    {
        var report = new Report(o.Out);
        var timeout = TimeSpan.FromSeconds(o.TimeoutSeconds);
        var shapes = o.Models.SelectMany(m => m.Linears()).Distinct().ToList();
        foreach (var threads in o.Threads)
        {
            using var cs = Worker.StartTorchSharp(threads, o.Policies[0]);
            using var py = Worker.StartPyTorch(threads, o.Policies[0]);
            foreach (var batch in o.Batches)
                foreach (var (k, n) in shapes)
                {
                    double flops = 2.0 * batch * k * n;
                    int reps = (int)Math.Clamp(2e8 / flops, 20, 2000);
                    var req = $"linear {batch} {k} {n} {reps}";
                    var c = cs.AskNumbers(req, timeout); var p = py.AskNumbers(req, timeout);
                    report.Line($"gemm m={batch} k={k} n={n} threads={threads} libtorch_us={Report.F(c[1] * 1e6)} pytorch_us={Report.F(p[1] * 1e6)} " +
                                $"libtorch_gflops_per_cpu_s={Report.F(flops / c[1] / 1e9)} pytorch_gflops_per_cpu_s={Report.F(flops / p[1] / 1e9)} " +
                                $"ratio={Report.F(p[1] / c[1], "F3")}");
                }
        }
        return 0;
    }
}
