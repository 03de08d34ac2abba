using System.Diagnostics;
using System.Globalization;
using Dgdmn.Data;
using Dgdmn.Experiments;
using Dgdmn.Methods;
using static TorchSharp.torch;

namespace Dgdmn.Benchmarks;

/// <summary>
/// "memory": peak resident memory per task of one method on one protocol's stream (issue "Bounded memory").
/// Before each task the kernel's peak counter is reset (<c>/proc/self/clear_refs</c> ← 5), so <c>task_peak_mb</c>
/// is the highest RSS during that task alone. Epochs can be lowered (<c>--vae-epochs 1 --learner-epochs 1</c>):
/// peak memory is set by the sizes of the sets a training call holds, not by how many epochs run over them, so a
/// 1-epoch run shows the paper schedule's memory at a fraction of its CPU time.
/// </summary>
public static class MemoryCommand
{
    private sealed record MemoryOptions
    {
        public string Protocol { get; init; } = "permnist";
        public string Method { get; init; } = "dgr";
        public DatasetKind Dataset { get; init; } = DatasetKind.Mnist;
        public long Seed { get; init; } = 1;
        public int? Tasks { get; init; }
        public int? TrainPerTask { get; init; }
        public int? VaeEpochs { get; init; }
        public int? LearnerEpochs { get; init; }
        public long? NMax { get; init; }
        public bool Evaluate { get; init; }
        public bool MallocTrim { get; init; }
        public string? Out { get; init; }

        public static MemoryOptions Parse(IReadOnlyList<string> args)
        {
            var o = new MemoryOptions();
            foreach (var (name, v) in Options.Pairs(args))
            {
                o = name switch
                {
                    "--protocol" => o with { Protocol = v },
                    "--method" => o with { Method = v },
                    "--dataset" => o with { Dataset = v switch { "fashion" => DatasetKind.FashionMnist, "mnist" => DatasetKind.Mnist,
                        _ => throw new ArgumentException($"--dataset '{v}': use fashion or mnist.") } },
                    "--seed" => o with { Seed = long.Parse(v, CultureInfo.InvariantCulture) },
                    "--tasks" => o with { Tasks = int.Parse(v, CultureInfo.InvariantCulture) },
                    "--train-per-task" => o with { TrainPerTask = int.Parse(v, CultureInfo.InvariantCulture) },
                    "--vae-epochs" => o with { VaeEpochs = int.Parse(v, CultureInfo.InvariantCulture) },
                    "--learner-epochs" => o with { LearnerEpochs = int.Parse(v, CultureInfo.InvariantCulture) },
                    "--nmax" => o with { NMax = long.Parse(v, CultureInfo.InvariantCulture) },
                    "--evaluate" => o with { Evaluate = v is "yes" or "true" },
                    "--malloc-trim" => o with { MallocTrim = v is "yes" or "true" },
                    "--out" => o with { Out = v },
                    _ => throw new ArgumentException($"Unknown memory option '{name}'. See tests/Benchmarks/README.md."),
                };
            }
            return o;
        }
    }

    /// <summary>Trains the method task by task at paper settings (epochs as given) and prints one line per task.</summary>
    public static int Run(IReadOnlyList<string> args)
    {
        var o = MemoryOptions.Parse(args);
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        TorchSetup.Configure();
        var report = new Report(o.Out);
        var benchmark = o.Protocol == "split-mnist" ? new Benchmark("split-mnist", Scenario.ClassIncremental, TaskIdAtTest: false) : new Benchmark(o.Protocol);
        var streamOptions = StreamOptions.Paper with { Dataset = o.Dataset, Seed = o.Seed, Device = CPU, TrainPerTask = o.TrainPerTask };
        using var stream = KitFactories.Streams(benchmark, streamOptions);
        long trainSize = stream.Sum(t => (long)t.TrainCount);
        var config = MethodConfig.Paper;
        config = config with
        {
            Training = config.Training with
            {
                VaeEpochs = o.VaeEpochs ?? config.Training.VaeEpochs,
                LearnerEpochs = o.LearnerEpochs ?? config.Training.LearnerEpochs,
            },
            Memory = config.Memory with { NMax = o.NMax ?? config.Memory.NMax },
        };
        GC.Collect();
        report.Line(Line($"# memory protocol={o.Protocol} method={o.Method} tasks={stream.Count} train_rows={trainSize} " +
                         $"vae_epochs={config.Training.VaeEpochs} learner_epochs={config.Training.LearnerEpochs} " +
                         $"malloc_arena_max={Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") ?? "-"} malloc_trim={(o.MallocTrim ? "after-each-task" : "no")} " +
                         $"after_load_rss_mb={Rss("VmRSS"):F0} after_load_peak_mb={Rss("VmHWM"):F0}"));
        using var m = KitFactories.Methods(o.Method, new MethodContext(stream.Classes, o.Seed, CPU, config, trainSize));
        using var evaluator = o.Evaluate ? new StreamEvaluator(stream, benchmark) : null;
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        double overall = Rss("VmHWM");
        int tasks = Math.Min(o.Tasks ?? stream.Count, stream.Count);
        for (int k = 0; k < tasks; k++)
        {
            overall = Math.Max(overall, Rss("VmHWM"));
            ResetPeak();
            double before = Rss("VmRSS");
            var sw = Stopwatch.StartNew();
            var r = m.Learn(stream[k]);
            string acc = "";
            if (evaluator is not null)
            {
                var row = evaluator.Evaluate(m);
                acc = " mean_acc_seen=" + row.Take(k + 1).Average().ToString("F4", CultureInfo.InvariantCulture);
            }
            double peak = Rss("VmHWM");
            double after = Rss("VmRSS");
            GC.Collect();
            GC.WaitForPendingFinalizers();
            if (o.MallocTrim) malloc_trim(0);   // glibc returns the free pages of every arena before the next task
            double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
            overall = Math.Max(overall, peak);
            report.Line(Line($"memory task={k + 1} rows={MemoryRows(m)} seconds={sw.Elapsed.TotalSeconds:F1} cumulative_cpu_seconds={cpu:F1} " +
                             $"rss_before_mb={before:F0} task_peak_mb={peak:F0} rss_after_mb={after:F0} rss_after_gc_mb={Rss("VmRSS"):F0} " +
                             $"managed_mb={GC.GetTotalMemory(false) / 1048576.0:F0}{acc}"));
        }
        report.Line(Line($"memory-summary protocol={o.Protocol} method={o.Method} tasks={tasks} peak_rss_mb={overall:F0}"));
        return 0;
    }

    private static string MemoryRows(IContinualMethod m) => m switch
    {
        Dgr d => d.Memory.Age.ToString(CultureInfo.InvariantCulture),
        DualMemoryNetwork n => n.Ltm.Age.ToString(CultureInfo.InvariantCulture),
        _ => "-",
    };

    private static string Line(string s) => s;   // the numbers are formatted with the invariant culture (set in Run)

    /// <summary>Resets the kernel's peak-RSS counter (VmHWM) to the current RSS (Linux ≥ 4.0).</summary>
    private static void ResetPeak()
    {
        try { File.WriteAllText("/proc/self/clear_refs", "5"); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int malloc_trim(nuint pad);

    /// <summary>A /proc/self/status memory field in MiB (VmRSS: resident now; VmHWM: peak resident).</summary>
    private static double Rss(string field)
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return line is null ? double.NaN : double.Parse(line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }
}
