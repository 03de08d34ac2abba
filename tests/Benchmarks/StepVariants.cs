using System.Diagnostics;
using Dgdmn.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Dgdmn.Benchmarks;

/// <summary>
/// Prototype variants of Trainer.Fit's epoch, to measure candidate lib changes against the real thing ("fit").
/// Each runs one epoch over the same rows with the same model and returns wall and process-CPU seconds.
/// </summary>
public static class StepVariants
{
    /// <summary>Variant names besides "fit", with what each changes relative to Trainer.Fit.</summary>
    public static IReadOnlyDictionary<string, string> Descriptions { get; } = new Dictionary<string, string>
    {
        ["replica"] = "Trainer.Fit's loop copied verbatim (checks that the replica measures what fit measures)",
        ["set_to_none"] = "gradients released (module.zero_grad(set_to_none)) instead of optimizer.zero_grad() zero-filling them",
        ["kit_rmsprop"] = "a minimal RMSProp (same five kernels, no optimizer-framework overhead) instead of optim.RMSProp",
        ["preshuffle"] = "one index_select of the whole epoch, then narrow() views per batch, instead of index_select per batch",
        ["all"] = "set_to_none + kit_rmsprop + preshuffle",
    };

    /// <summary>Wall and process-CPU seconds for one epoch of batch × steps rows with the named variant.</summary>
    public static (double Wall, double Cpu) Run(string variant, StepModel model, int batch, int steps)
    {
        var m = StepWorker.ModelFor(model.Name);
        var (x, y) = StepWorker.Data(model.Name, (long)batch * steps);
        var config = TrainingConfig.Paper with { BatchSize = batch };
        return variant switch
        {
            "fit" => Time(() => Trainer.Fit(m, x, y, 1, config, 3, new FitLabel("bench", 0, model.Name))),
            "replica" => Time(() => Epoch(m, x, y, batch, setToNone: false, kitRmsProp: false, preshuffle: false)),
            "set_to_none" => Time(() => Epoch(m, x, y, batch, setToNone: true, kitRmsProp: false, preshuffle: false)),
            "kit_rmsprop" => Time(() => Epoch(m, x, y, batch, setToNone: false, kitRmsProp: true, preshuffle: false)),
            "preshuffle" => Time(() => Epoch(m, x, y, batch, setToNone: false, kitRmsProp: false, preshuffle: true)),
            "all" => Time(() => Epoch(m, x, y, batch, setToNone: true, kitRmsProp: true, preshuffle: true)),
            _ => throw new ArgumentException($"Unknown variant '{variant}'. Use fit, {string.Join(", ", Descriptions.Keys)}."),
        };
    }

    /// <summary>Wall and process-CPU seconds of <paramref name="a"/>.</summary>
    public static (double Wall, double Cpu) Time(Action a)
    {
        var (wall, cpu, _) = TimeWithThread(a);
        return (wall, cpu);
    }

    /// <summary>Wall, process-CPU and calling-thread-CPU seconds of <paramref name="a"/>.</summary>
    public static (double Wall, double Cpu, double ThreadCpu) TimeWithThread(Action a)
    {
        double cpu = CpuClock.Process(), thread = CpuClock.Thread();
        var sw = Stopwatch.StartNew();
        a();
        return (sw.Elapsed.TotalSeconds, CpuClock.Process() - cpu, CpuClock.Thread() - thread);
    }

    /// <summary>Trainer.Fit's epoch (RMSProp lr 1e-3, ρ 0.9, ε 1e-8), with the chosen changes.</summary>
    private static void Epoch(ITrainable model, Tensor x, Tensor? y, int batch, bool setToNone, bool kitRmsProp, bool preshuffle)
    {
        var parameters = model.TrainableParameters().ToList();
        using var optimizer = kitRmsProp ? null : optim.RMSProp(parameters, lr: 1e-3, alpha: 0.9, eps: 1e-8);
        using var kit = kitRmsProp ? new MinimalRmsProp(parameters, 1e-3, 0.9, 1e-8) : null;
        using var shuffle = Seeds.Generator(3, "shuffle");
        long n = x.shape[0];
        model.SetTraining(true);
        using var epochScope = NewDisposeScope();
        var order = randperm(n, generator: shuffle);
        var xs = preshuffle ? x.index_select(0, order) : x;
        var ys = preshuffle ? y?.index_select(0, order) : y;
        var total = zeros(1);
        for (long start = 0; start < n; start += batch)
        {
            using var scope = NewDisposeScope();
            long size = Math.Min(batch, n - start);
            Tensor xb; Tensor? yb;
            if (preshuffle) { xb = xs.narrow(0, start, size); yb = ys?.narrow(0, start, size); }
            else
            {
                var index = order.narrow(0, start, size);
                xb = x.index_select(0, index); yb = y?.index_select(0, index);
            }
            if (setToNone) ((nn.Module)model).zero_grad(true);
            else if (optimizer is not null) optimizer.zero_grad();
            else kit!.ZeroGrad();
            var loss = model.Loss(xb, yb);
            loss.backward();
            if (optimizer is not null) optimizer.step(); else kit!.Step();
            using (no_grad()) total.add_(loss.detach() * size);
        }
        if (!float.IsFinite(total.item<float>())) throw new InvalidOperationException("loss is not finite");
        model.SetTraining(false);
    }

    /// <summary>RMSProp without momentum, centring or weight decay: the paper's optimiser in five in-place kernels.</summary>
    private sealed class MinimalRmsProp : IDisposable
    {
        private readonly Parameter[] _params;
        private readonly Tensor[] _squareAvg;
        private readonly double _lr, _alpha, _eps;

        public MinimalRmsProp(IReadOnlyList<Parameter> parameters, double lr, double alpha, double eps)
        {
            _params = parameters.ToArray();
            _squareAvg = _params.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
            (_lr, _alpha, _eps) = (lr, alpha, eps);
        }

        public void ZeroGrad()
        {
            foreach (var p in _params)
            {
                using var g = p.grad;
                g?.zero_();
            }
        }

        public void Step()
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            for (int i = 0; i < _params.Length; i++)
            {
                var g = _params[i].grad;
                if (g is null) continue;
                var v = _squareAvg[i];
                v.mul_(_alpha).addcmul_(g, g, 1 - _alpha);
                _params[i].addcdiv_(g, v.sqrt().add_(_eps), -_lr);
            }
        }

        public void Dispose()
        {
            foreach (var t in _squareAvg) t.Dispose();
        }
    }
}
