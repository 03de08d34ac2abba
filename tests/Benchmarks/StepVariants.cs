using System.Diagnostics;
using Dgdmn.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Dgdmn.Benchmarks;

/// <summary>Prototype variants of the training step, measured against Trainer.Fit to propose lib changes.</summary>
public static class StepVariants
{
    /// <summary>Seconds for one epoch of batch × steps rows with the named variant.</summary>
    public static double Run(string variant, StepModel model, int batch, int steps)
    {
        var m = StepWorker.ModelFor(model.Name);
        var (x, y) = StepWorker.Data(model.Name, (long)batch * steps);
        return variant switch
        {
            "fit" => Time(() => Trainer.Fit(m, x, y, 1, TrainingConfig.Paper with { BatchSize = batch }, 3, new FitLabel("bench", 0, model.Name))),
            _ => throw new ArgumentException($"Unknown variant '{variant}'."),
        };
    }

    private static double Time(Action a)
    {
        var sw = Stopwatch.StartNew();
        a();
        return sw.Elapsed.TotalSeconds;
    }
}
