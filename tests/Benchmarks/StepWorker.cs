using System.Diagnostics;
using Dgdmn.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Dgdmn.Benchmarks;

/// <summary>
/// The TorchSharp side of the step benchmark: a child process that serves the same line protocol as
/// pytorch_steps.py (see that file), so the parent can alternate the two case by case.
/// </summary>
/// <remarks>
/// "run" times <see cref="Trainer.Fit"/> itself (one epoch over batch × steps random rows): the exact code path of
/// training, including its per-epoch randperm, per-batch index_select and fresh RMSProp. "profile" replicates one
/// Trainer step with a stopwatch around each phase (CPU ops are synchronous, so the split is exact).
/// </remarks>
public static class StepWorker
{
    private static readonly Dictionary<string, ITrainable> Models = new();
    private static (string Name, long N, Tensor X, Tensor? Y)? _data;

    /// <summary>Serves requests from stdin until "quit" or end of input.</summary>
    /// <param name="threads">Intra-op threads.</param>
    /// <param name="policy">OpenMP wait policy: "passive" (the kit's TorchSetup), "active" or "default" (libgomp's own).</param>
    public static int Serve(int threads, string policy)
    {
        // The parent sets OMP_WAIT_POLICY in this process's environment before libtorch loads; TorchSetup keeps a
        // value already present and sets PASSIVE otherwise, so "default" must bypass it to leave libgomp alone.
        if (policy == "default") torch.set_num_threads(threads);
        else TorchSetup.Configure(threads);
        double mm = Matmul(1024, 3).Wall;
        Console.WriteLine($"ready threads={torch.get_num_threads()} mm1024_ms={mm * 1000:F1} " +
                          $"omp_wait_policy={Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") ?? "unset"}");
        string? line;
        while ((line = Console.ReadLine()) is not null)
        {
            var p = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (p.Length == 0) continue;
            if (p[0] == "quit") break;
            try
            {
                string reply = p[0] switch
                {
                    "run" => Run(p[1], int.Parse(p[2]), int.Parse(p[3])),
                    "profile" => "ok " + string.Join(' ', Profile(p[1], int.Parse(p[2]), int.Parse(p[3]), p.Length > 4 ? p[4] : "torch-rmsprop")
                        .Select(v => v.ToString("F7", Inv))),
                    "matmul" => MatmulReply(int.Parse(p[1]), int.Parse(p[2])),
                    "op" => Ok(Op(p[1], int.Parse(p[2]), int.Parse(p[3]))),
                    "linear" => Ok(Linear(int.Parse(p[1]), int.Parse(p[2]), int.Parse(p[3]), int.Parse(p[4]))),
                    "variant" => Ok(StepVariants.Run(p[1], StepModel.Find(p[2]), int.Parse(p[3]), int.Parse(p[4]))),
                    _ => $"error unknown command {p[0]}",
                };
                Console.WriteLine(reply);
            }
            catch (Exception e)
            {
                Console.WriteLine($"error {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}");
            }
        }
        foreach (var m in Models.Values) ((IDisposable)m).Dispose();
        return 0;
    }

    private static readonly System.Globalization.CultureInfo Inv = System.Globalization.CultureInfo.InvariantCulture;

    private static string Ok((double Wall, double Cpu) t) => string.Create(Inv, $"ok {t.Wall:F9} {t.Cpu:F9}");

    /// <summary>
    /// "ok wall process-CPU main-thread-CPU" seconds for one <see cref="Trainer.Fit"/> epoch of
    /// <paramref name="batch"/> × <paramref name="steps"/> rows.
    /// </summary>
    private static string Run(string name, int batch, int steps)
    {
        var model = ModelFor(name);
        var (x, y) = Data(name, (long)batch * steps);
        var config = TrainingConfig.Paper with { BatchSize = batch };
        FitResult? fit = null;
        var t = StepVariants.TimeWithThread(() => fit = Trainer.Fit(model, x, y, 1, config, seed: 3, new FitLabel("bench", 0, name)));
        if (!double.IsFinite(fit!.FinalLoss)) throw new InvalidOperationException("loss is not finite");
        return string.Create(Inv, $"ok {t.Wall:F9} {t.Cpu:F9} {t.ThreadCpu:F9}");
    }

    /// <summary>
    /// Median seconds per step of (index + zero_grad, forward + loss, backward, optimiser step): four wall times,
    /// then the same four as the calling thread's CPU time.
    /// </summary>
    /// <param name="name">Model name.</param>
    /// <param name="batch">Rows per step.</param>
    /// <param name="steps">Steps timed.</param>
    /// <param name="optimizerName">One of <see cref="ProfileOptimizers.Names"/>. A fused one lays the cached
    /// model's parameters out flat for good, so every optimiser timed after it runs on the same flat memory.</param>
    private static double[] Profile(string name, int batch, int steps, string optimizerName)
    {
        var model = ModelFor(name);
        var (x, y) = Data(name, (long)batch * steps);
        long n = x.shape[0];
        using var optimizer = ProfileOptimizers.Create(optimizerName, model.TrainableParameters().ToList());
        using var epochScope = NewDisposeScope();
        var order = randperm(n);
        var phases = Enumerable.Range(0, 8).Select(_ => new List<double>()).ToArray();
        var marks = new (long Wall, double Cpu)[5];
        static (long, double) Mark() => (Stopwatch.GetTimestamp(), CpuClock.Thread());
        model.SetTraining(true);
        for (long start = 0; start < n; start += batch)
        {
            using var scope = NewDisposeScope();
            marks[0] = Mark();
            var index = order.narrow(0, start, Math.Min(batch, n - start));
            var xb = x.index_select(0, index);
            var yb = y?.index_select(0, index);
            optimizer.ZeroGrad();
            marks[1] = Mark();
            var loss = model.Loss(xb, yb);
            marks[2] = Mark();
            loss.backward();
            marks[3] = Mark();
            optimizer.Step();
            marks[4] = Mark();
            for (int i = 0; i < 4; i++)
            {
                phases[i].Add(Stopwatch.GetElapsedTime(marks[i].Wall, marks[i + 1].Wall).TotalSeconds);
                phases[4 + i].Add(marks[i + 1].Cpu - marks[i].Cpu);
            }
        }
        model.SetTraining(false);
        return phases.Select(Stats.Median).ToArray();
    }

    private static string MatmulReply(int n, int reps)
    {
        var t = MatmulTimes(n, reps);
        return string.Create(Inv, $"ok {Stats.Median(t.Select(x => x.Wall)):F9} {Stats.Median(t.Select(x => x.Cpu)):F9} {t.Min(x => x.Wall):F9} {t.Min(x => x.Cpu):F9}");
    }

    /// <summary>Median wall and process-CPU seconds of an n × n fp32 matmul through libtorch.</summary>
    public static (double Wall, double Cpu) Matmul(int n, int reps)
    {
        var t = MatmulTimes(n, reps);
        return (Stats.Median(t.Select(x => x.Wall)), Stats.Median(t.Select(x => x.Cpu)));
    }

    private static List<(double Wall, double Cpu)> MatmulTimes(int n, int reps)
    {
        using var scope = NewDisposeScope();
        var a = rand(n, n); var b = rand(n, n);
        a.matmul(b).Dispose();
        return Enumerable.Range(0, reps).Select(_ => StepVariants.Time(() => a.matmul(b).Dispose())).ToList();
    }

    /// <summary>Median wall and process-CPU seconds of nn.functional.linear on [m, k] inputs and an [n, k] weight.</summary>
    public static (double Wall, double Cpu) Linear(int m, int k, int n, int reps)
    {
        using var scope = NewDisposeScope();
        var x = rand(m, k); var w = rand(n, k); var b = rand(n);
        nn.functional.linear(x, w, b).Dispose();
        var times = Enumerable.Range(0, reps).Select(_ => StepVariants.Time(() => nn.functional.linear(x, w, b).Dispose())).ToList();
        return (Stats.Median(times.Select(t => t.Wall)), Stats.Median(times.Select(t => t.Cpu)));
    }

    /// <summary>Median seconds per call of a small op on [n] tensors, each call in its own dispose scope as in a step.</summary>
    public static (double Wall, double Cpu) Op(string name, int n, int reps)
    {
        using var outer = NewDisposeScope();
        var a = rand(n); var b = rand(n);
        Action f = name switch
        {
            "add" => () => { using var s = NewDisposeScope(); a.add(b); },
            "relu" => () => { using var s = NewDisposeScope(); a.relu(); },
            "add_" => () => { using var s = NewDisposeScope(); a.add_(b, alpha: 0); },
            _ => throw new ArgumentException($"Unknown op '{name}'."),
        };
        f();
        var times = Enumerable.Range(0, reps).Select(_ => StepVariants.Time(() => { for (int i = 0; i < 100; i++) f(); })).ToList();
        return (Stats.Median(times.Select(t => t.Wall)) / 100, Stats.Median(times.Select(t => t.Cpu)) / 100);
    }

    internal static ITrainable ModelFor(string name)
    {
        if (!Models.TryGetValue(name, out var m)) Models[name] = m = StepModel.Find(name).Build(CPU);
        return m;
    }

    /// <summary>Random inputs in [0, 1] (and labels for a learner), kept for the next request of the same size.</summary>
    internal static (Tensor X, Tensor? Y) Data(string name, long n)
    {
        if (_data is { } d && d.Name == name && d.N == n) return (d.X, d.Y);
        if (_data is { } old) { old.X.Dispose(); old.Y?.Dispose(); }
        using var g = new Generator(2);
        var x = rand(new[] { n, (long)StepModel.Inputs }, generator: g).DetachFromDisposeScope();
        var y = StepModel.Find(name).IsVae ? null : randint(0, StepModel.Classes, new[] { n }, generator: g).DetachFromDisposeScope();
        _data = (name, n, x, y);
        return (x, y);
    }
}

/// <summary>Small statistics helpers.</summary>
public static class Stats
{
    /// <summary>Median of a non-empty list.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var v = values.OrderBy(x => x).ToArray();
        if (v.Length == 0) return double.NaN;
        return v.Length % 2 == 1 ? v[v.Length / 2] : 0.5 * (v[v.Length / 2 - 1] + v[v.Length / 2]);
    }
}
