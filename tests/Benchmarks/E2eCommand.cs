using System.Diagnostics;
using System.Globalization;
using Dgdmn.Data;
using Dgdmn.Experiments;
using Dgdmn.Methods;
using TorchSharp;
using static TorchSharp.torch;

namespace Dgdmn.Benchmarks;

/// <summary>
/// "e2e": whole continual-learning runs, timed. Digits (10 tasks) and TDigits (40 tasks) with DGR and DGDMN at
/// paper settings on full-size data; per task the wall time, cumulative time, RSS and peak RSS. Each (protocol,
/// method) runs in its own child process so that peak RSS belongs to one method. Long: run it in the background
/// with --out and read the file.
/// </summary>
public static class E2eCommand
{
    /// <summary>Parses e2e's own options ("--name value" pairs).</summary>
    private sealed record E2eOptions
    {
        public string[] Protocols { get; init; } = ["digits", "tdigits"];
        public string[] Methods { get; init; } = ["dgr", "dgdmn"];
        public DatasetKind Dataset { get; init; } = DatasetKind.FashionMnist;
        public string Scale { get; init; } = "paper";
        public long Seed { get; init; } = 1;
        public int Threads { get; init; } = TorchSetup.DefaultThreads;
        public string? Out { get; init; }
        public int? TrainPerTask { get; init; }

        public static E2eOptions Parse(IReadOnlyList<string> args)
        {
            var o = new E2eOptions();
            foreach (var (name, v) in Options.Pairs(args))
            {
                o = name switch
                {
                    "--protocols" => o with { Protocols = v.Split(',') },
                    "--methods" => o with { Methods = v.Split(',') },
                    "--dataset" => o with { Dataset = v switch { "fashion" => DatasetKind.FashionMnist, "mnist" => DatasetKind.Mnist,
                        _ => throw new ArgumentException($"--dataset '{v}': use fashion or mnist.") } },
                    "--scale" => o with { Scale = v is "paper" or "quick" ? v : throw new ArgumentException($"--scale '{v}': use paper or quick.") },
                    "--seed" => o with { Seed = long.Parse(v, CultureInfo.InvariantCulture) },
                    "--threads" => o with { Threads = int.Parse(v, CultureInfo.InvariantCulture) },
                    "--out" => o with { Out = v },
                    "--train-per-task" => o with { TrainPerTask = int.Parse(v, CultureInfo.InvariantCulture) },
                    _ => throw new ArgumentException($"Unknown e2e option '{name}'. See tests/Benchmarks/README.md."),
                };
            }
            foreach (var p in o.Protocols)
                if (p is not ("digits" or "tdigits")) throw new ArgumentException($"--protocols: '{p}' is not digits or tdigits.");
            return o;
        }

        public string[] ChildArgs(string protocol, string method) =>
        [
            "e2e-run", "--protocols", protocol, "--methods", method, "--dataset", Dataset == DatasetKind.FashionMnist ? "fashion" : "mnist",
            "--scale", Scale, "--seed", Seed.ToString(CultureInfo.InvariantCulture), "--threads", Threads.ToString(CultureInfo.InvariantCulture),
            .. (TrainPerTask is { } cap ? new[] { "--train-per-task", cap.ToString(CultureInfo.InvariantCulture) } : []),
        ];
    }

    /// <summary>Runs every (protocol, method) in a child process, relays its lines and prints the comparisons.</summary>
    public static int Run(IReadOnlyList<string> args)
    {
        var o = E2eOptions.Parse(args);
        var report = new Report(o.Out);
        report.Line($"# e2e {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC dataset={o.Dataset} scale={o.Scale} seed={o.Seed} threads={o.Threads}");
        foreach (var protocol in o.Protocols)
        {
            var perMethod = new Dictionary<string, List<(int Task, double Cumulative, double CumulativeCpu, double RssMb)>>();
            foreach (var method in o.Methods)
            {
                var rows = perMethod[method] = [];
                var (exe, prefix) = Worker.SelfCommandLine();
                var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, UseShellExecute = false };
                foreach (var a in prefix.Concat(o.ChildArgs(protocol, method))) psi.ArgumentList.Add(a);
                using var child = Process.Start(psi) ?? throw new InvalidOperationException("Could not start the e2e child.");
                string? line;
                while ((line = child.StandardOutput.ReadLine()) is not null)
                {
                    report.Line(line);
                    if (line.StartsWith("e2e ", StringComparison.Ordinal))
                        rows.Add(((int)Field(line, "task"), Field(line, "cumulative_seconds"), Field(line, "cumulative_cpu_seconds"), Field(line, "rss_mb")));
                }
                child.WaitForExit();
                if (child.ExitCode != 0) report.Line($"# e2e child {protocol}/{method} exited with code {child.ExitCode}");
            }
            Compare(report, protocol, perMethod);
        }
        return 0;
    }

    /// <summary>The child: trains one method over one protocol's stream and prints a line per task.</summary>
    public static int RunChild(IReadOnlyList<string> args)
    {
        var o = E2eOptions.Parse(args);
        TorchSetup.Configure(o.Threads);
        string protocol = o.Protocols[0], method = o.Methods[0];
        var wall = Stopwatch.StartNew();
        var streamOptions = (o.Scale == "quick" ? StreamOptions.Quick : StreamOptions.Paper) with { Dataset = o.Dataset, Seed = o.Seed, Device = CPU };
        if (o.TrainPerTask is { } cap) streamOptions = streamOptions with { TrainPerTask = cap };   // a stated per-task size reduction
        using var stream = KitFactories.Streams(new Benchmark(protocol), streamOptions);
        long trainSize = stream.Sum(t => (long)t.TrainCount);
        var config = o.Scale == "quick" ? MethodConfig.Quick : MethodConfig.Paper;
        if (protocol == "tdigits")   // spec §3.4: N_max half the training set, κ 0.05, n_STM 5
            config = config with { Memory = config.Memory with { NMax = trainSize / 2, Kappa = 0.05, NStm = 5 } };
        double loadSeconds = wall.Elapsed.TotalSeconds;
        Console.WriteLine($"# {protocol}/{method}: {stream.Count} tasks, {trainSize} training rows, data loaded in {loadSeconds:F1} s, rss_mb={RssMb("VmRSS"):F0}");
        using var m = KitFactories.Methods(method, new MethodContext(stream.Classes, o.Seed, CPU, config, trainSize));
        double cumulative = 0;
        var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;   // at 1 thread, CPU time is what a quiet machine's wall time would be
        foreach (var task in stream)
        {
            var sw = Stopwatch.StartNew();
            var r = m.Learn(task);
            double s = sw.Elapsed.TotalSeconds;
            cumulative += s;
            double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalSeconds;
            GC.Collect();   // managed wrappers of freed tensors: RSS should show native memory actually held
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"e2e protocol={protocol} method={method} task={task.Id + 1} seconds={s:F1} cumulative_seconds={cumulative:F1} cumulative_cpu_seconds={cpu:F1} " +
                $"slept={r.Slept} sleep_seconds={r.SleepSeconds:F1} samples={r.SamplesProcessed} rss_mb={RssMb("VmRSS"):F0} peak_rss_mb={RssMb("VmHWM"):F0}"));
        }
        double acc = MeanAccuracy(m, stream);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"e2e-summary protocol={protocol} method={method} dataset={o.Dataset} tasks={stream.Count} train_seconds={cumulative:F1} " +
            $"wall_seconds={wall.Elapsed.TotalSeconds:F1} peak_rss_mb={RssMb("VmHWM"):F0} final_mean_accuracy={acc:F3}"));
        return 0;
    }

    /// <summary>Mean over tasks of test accuracy after the last task (ACC), each query with its task id as in the paper (spec §1.3; only DGDMN routes on it).</summary>
    private static double MeanAccuracy(IContinualMethod m, TaskStream stream)
    {
        double sum = 0;
        foreach (var t in stream)
        {
            using var scope = NewDisposeScope();
            sum += m.Predict(t.TestX, t.Id).eq(t.TestY).to_type(ScalarType.Float32).mean().item<float>();
        }
        return sum / stream.Count;
    }

    private static void Compare(Report report, string protocol, Dictionary<string, List<(int Task, double Cumulative, double CumulativeCpu, double RssMb)>> perMethod)
    {
        foreach (var (method, rows) in perMethod)
        {
            var later = rows.Where(r => r.Task >= 5).ToList();
            if (later.Count < 2) continue;
            double baseRss = later[0].RssMb, max = later.Max(r => r.RssMb), min = later.Min(r => r.RssMb);
            report.Line(string.Create(CultureInfo.InvariantCulture,
                $"e2e-rss protocol={protocol} method={method} rss_task5_mb={baseRss:F0} rss_min_mb={min:F0} rss_max_mb={max:F0} " +
                $"spread_vs_task5={(max - min) / baseRss:F3} flat_within_10pct={(max - min) / baseRss <= 0.10}"));
        }
        if (perMethod.TryGetValue("dgr", out var dgr) && perMethod.TryGetValue("dgdmn", out var dgdmn) && dgr.Count > 0 && dgdmn.Count > 0)
        {
            int last = Math.Min(dgr[^1].Task, dgdmn[^1].Task);
            var (a, b) = (dgr.First(r => r.Task == last), dgdmn.First(r => r.Task == last));
            report.Line(string.Create(CultureInfo.InvariantCulture,
                $"e2e-compare protocol={protocol} tasks={last} dgr_seconds={a.Cumulative:F1} dgdmn_seconds={b.Cumulative:F1} dgdmn_speedup={a.Cumulative / b.Cumulative:F2} " +
                $"dgr_cpu_seconds={a.CumulativeCpu:F1} dgdmn_cpu_seconds={b.CumulativeCpu:F1} dgdmn_cpu_speedup={a.CumulativeCpu / b.CumulativeCpu:F2}"));
        }
    }

    private static double Field(string line, string name)
    {
        var f = line.Split(' ').First(p => p.StartsWith(name + "=", StringComparison.Ordinal));
        return double.Parse(f[(name.Length + 1)..], CultureInfo.InvariantCulture);
    }

    /// <summary>A /proc/self/status memory field (VmRSS: resident now; VmHWM: peak resident) in MiB.</summary>
    private static double RssMb(string field)
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return line is null ? double.NaN : double.Parse(line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }
}
