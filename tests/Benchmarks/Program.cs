using Dgdmn.Benchmarks;

// Benchmarks of the kit. Commands (see README.md):
//   steps    training-step samples/s, TorchSharp vs PyTorch, one contract line per case
//   peak     fp32 matmul GFLOP/s through libtorch (and PyTorch's BLAS)
//   profile  per-phase time of one step, both sides
//   variants prototype step variants against Trainer.Fit
//   gemm     one Linear layer's GEMM per model shape, libtorch vs PyTorch's BLAS
//   gc-churn training while another thread forces garbage collections (TorchSharp Scalar finalizer race)
//   e2e      Digits and TDigits with DGR and DGDMN at paper settings: time and RSS per task (long)
//   memory   peak RSS per task of one method on one stream (epochs can be lowered: memory is set by set sizes)
//   worker, e2e-run  (internal) child processes
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: Benchmarks steps|peak|profile|variants [--threads 1,2] [--batches 128,512] [--models all] " +
                            "[--reps 5] [--wait-policy passive|active|default|both] [--out file]");
    return 2;
}
var rest = args.Skip(1).ToArray();
try
{
    return args[0] switch
    {
        "steps" => StepsCommand.Run(Options.Parse(rest)),
        "peak" => PeakCommand.Run(Options.Parse(rest)),
        "profile" => ProfileCommand.Run(Options.Parse(rest)),
        "variants" => VariantsCommand.Run(Options.Parse(rest)),
        "gemm" => GemmCommand.Run(Options.Parse(rest)),
        "e2e" => E2eCommand.Run(rest),
        "gc-churn" => GcChurnCommand.Run(rest),
        "memory" => MemoryCommand.Run(rest),
        "e2e-run" => E2eCommand.RunChild(rest),
        "worker" => StepWorker.Serve(Options.Parse(rest) is var o ? o.Threads[0] : 1, o.Policies[0]),
        _ => throw new ArgumentException($"Unknown command '{args[0]}'. Use steps, peak, profile, variants, gemm, e2e, gc-churn or memory."),
    };
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
