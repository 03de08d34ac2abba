using System.Diagnostics;

namespace Dgdmn.Benchmarks;

/// <summary>
/// A benchmark child process (TorchSharp or PyTorch) spoken to one line at a time. Each configuration runs in
/// its own process because libgomp reads OMP_WAIT_POLICY once, when libtorch loads.
/// </summary>
public sealed class Worker : IDisposable
{
    private readonly Process _process;

    private Worker(string label, Process process, string ready)
    {
        Label = label; _process = process; Ready = ready;
    }

    /// <summary>"torchsharp" or "pytorch".</summary>
    public string Label { get; }

    /// <summary>The child's first line (threads, BLAS, a 1024² matmul time).</summary>
    public string Ready { get; }

    /// <summary>Starts a TorchSharp worker: this program re-launched with "worker".</summary>
    public static Worker StartTorchSharp(int threads, string policy) =>
        Start("torchsharp", SelfCommand(), ["worker", "--threads", threads.ToString(), "--wait-policy", policy], policy, null);

    /// <summary>
    /// Starts the PyTorch worker under Debian's /usr/bin/python3. If it has not mapped OpenBLAS and its 1024² matmul
    /// is slow (the reference BLAS), it is restarted with libopenblas0-openmp's folder first on LD_LIBRARY_PATH.
    /// </summary>
    public static Worker StartPyTorch(int threads, string policy)
    {
        var w = StartPython(threads, policy, null, null);
        if (w.Ready.Contains("openblas", StringComparison.OrdinalIgnoreCase) || MatmulMs(w.Ready) < 200) return BestCoreType(w, threads, policy, null);
        var folder = OpenBlasFolder();
        if (folder is null) return w;
        Console.Error.WriteLine($"# pytorch: slow BLAS ({w.Ready}); retrying with LD_LIBRARY_PATH={folder}");
        w.Dispose();
        return BestCoreType(StartPython(threads, policy, folder, null), threads, policy, folder);
    }

    /// <summary>OpenBLAS kernels tried for PyTorch besides the inherited setting: "" runs with the variable removed (OpenBLAS's own choice).</summary>
    public static readonly string[] CoreTypes = ["", "Haswell", "SkylakeX", "Zen", "Sandybridge"];

    // Largest fp32 matmul error, relative to the result's scale, that a kernel may make (float32 sums of 1,024 terms
    // are good to ~1e-6; the kernels measured here agree with float64 to 8e-7).
    private const double CoreTypeTolerance = 1e-3;

    /// <summary>
    /// The comparator at its best: OpenBLAS picks its kernels by CPU, falls back to a slow one on CPUs it does not
    /// know, and this machine's environment pins OPENBLAS_CORETYPE=Haswell. So one worker per candidate (the
    /// inherited setting, then each of <see cref="CoreTypes"/>) reports a 1024² matmul's error against float64 and its
    /// GFLOP/s per CPU second; the fastest correct one is kept and every candidate is printed. DGDMN_BENCH_CORETYPE
    /// pins one kernel instead (no probing).
    /// </summary>
    private static Worker BestCoreType(Worker first, int threads, string policy, string? ldPath)
    {
        if (Environment.GetEnvironmentVariable("DGDMN_BENCH_CORETYPE") is { Length: > 0 } pinned)
        {
            first.Dispose();
            var w = StartPython(threads, policy, ldPath, pinned);
            Console.Error.WriteLine($"# pytorch: OPENBLAS_CORETYPE={pinned} pinned by DGDMN_BENCH_CORETYPE; not probing.");
            return w;
        }
        var inherited = Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE") ?? "";
        var best = first;
        double bestGflops = Probe(first, inherited.Length > 0 ? $"{inherited} (inherited)" : "unset");
        foreach (var core in CoreTypes.Where(c => !c.Equals(inherited, StringComparison.OrdinalIgnoreCase)))
        {
            Worker w;
            try { w = StartPython(threads, policy, ldPath, core); }
            catch (InvalidOperationException e) { Console.Error.WriteLine($"# pytorch: OPENBLAS_CORETYPE={core}: {e.Message}"); continue; }
            double gflops = Probe(w, core.Length > 0 ? core : "unset");
            if (gflops > bestGflops) { best.Dispose(); best = w; bestGflops = gflops; }
            else w.Dispose();
        }
        Console.Error.WriteLine($"# pytorch: chosen {best.Ready}");
        return best;
    }

    // GFLOP/s of the worker's kernel, or 0 when its result is wrong.
    private static double Probe(Worker w, string core)
    {
        var reply = w.AskNumbers("check 1024 5", TimeSpan.FromSeconds(120));
        bool correct = reply[0] <= CoreTypeTolerance;
        Console.Error.WriteLine(FormattableString.Invariant($"# pytorch: OPENBLAS_CORETYPE={core}: 1024² matmul {reply[2]:F1} GFLOP/s per CPU second ({reply[1]:F1} wall), relative error {reply[0]:E1} vs float64{(correct ? "" : " (rejected)")}"));
        return correct ? reply[2] : 0;
    }

    private static Worker StartPython(int threads, string policy, string? ldPath, string? coreType)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "pytorch_steps.py");
        var python = Environment.GetEnvironmentVariable("DGDMN_BENCH_PYTHON") ?? "/usr/bin/python3";
        return Start("pytorch", (python, []), [script, "--threads", threads.ToString()], policy, ldPath, coreType);
    }

    /// <summary>Sends one request and waits for its reply line; throws <see cref="TimeoutException"/> on a stall.</summary>
    public string Ask(string request, TimeSpan timeout)
    {
        _process.StandardInput.WriteLine(request);
        _process.StandardInput.Flush();
        var read = _process.StandardOutput.ReadLineAsync();
        if (!read.Wait(timeout))
            throw new TimeoutException($"{Label} did not answer '{request}' within {timeout.TotalSeconds:F0} s (OpenMP stall?)");
        var reply = read.Result ?? throw new InvalidOperationException($"{Label} exited while answering '{request}'.");
        if (!reply.StartsWith("ok")) throw new InvalidOperationException($"{Label} answered '{request}' with: {reply}");
        return reply;
    }

    /// <summary>Numbers after "ok" in a reply.</summary>
    public double[] AskNumbers(string request, TimeSpan timeout) =>
        Ask(request, timeout).Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(s => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.WriteLine("quit");
                _process.StandardInput.Flush();
                if (!_process.WaitForExit(5000)) _process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception) { /* already gone */ }
        _process.Dispose();
    }

    private static Worker Start(string label, (string File, string[] Prefix) exe, string[] args, string policy, string? ldPath, string? coreType = null)
    {
        var psi = new ProcessStartInfo(exe.File)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = false, UseShellExecute = false,
        };
        foreach (var a in exe.Prefix.Concat(args)) psi.ArgumentList.Add(a);
        switch (policy)
        {
            case "passive": psi.Environment["OMP_WAIT_POLICY"] = "PASSIVE"; break;
            case "active": psi.Environment["OMP_WAIT_POLICY"] = "ACTIVE"; break;
            case "default": psi.Environment.Remove("OMP_WAIT_POLICY"); break;
            default: throw new ArgumentException($"Unknown wait policy '{policy}'. Use passive, active or default.");
        }
        psi.Environment.Remove("OMP_NUM_THREADS");
        // null inherits this process's setting; "" removes it (OpenBLAS chooses by CPU); anything else pins that kernel.
        if (coreType is { Length: 0 }) psi.Environment.Remove("OPENBLAS_CORETYPE");
        else if (coreType is not null) psi.Environment["OPENBLAS_CORETYPE"] = coreType;
        if (ldPath is not null)
            psi.Environment["LD_LIBRARY_PATH"] = ldPath + (psi.Environment.TryGetValue("LD_LIBRARY_PATH", out var old) && !string.IsNullOrEmpty(old) ? ":" + old : "");
        var p = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {exe.File}.");
        var ready = p.StandardOutput.ReadLineAsync();
        if (!ready.Wait(TimeSpan.FromSeconds(120)) || ready.Result is not { } line || !line.StartsWith("ready"))
        {
            try { p.Kill(true); } catch (InvalidOperationException) { }
            throw new InvalidOperationException($"{label} worker ({exe.File} {string.Join(' ', args)}) did not start.");
        }
        return new Worker(label, p, line);
    }

    /// <summary>How to re-launch this program: its apphost, or "dotnet Benchmarks.dll".</summary>
    public static (string File, string[] Prefix) SelfCommandLine() => SelfCommand();

    private static (string, string[]) SelfCommand()
    {
        var path = Environment.ProcessPath ?? "dotnet";
        return Path.GetFileNameWithoutExtension(path) == "dotnet"
            ? (path, [typeof(Worker).Assembly.Location])
            : (path, []);
    }

    private static double MatmulMs(string ready)
    {
        var field = ready.Split(' ').FirstOrDefault(f => f.StartsWith("mm1024_ms="));
        return field is null ? double.NaN : double.Parse(field["mm1024_ms=".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The folder of libopenblas0-openmp's libblas.so.3, from dpkg.</summary>
    private static string? OpenBlasFolder()
    {
        try
        {
            var psi = new ProcessStartInfo("dpkg", "-L libopenblas0-openmp") { RedirectStandardOutput = true, UseShellExecute = false };
            using var p = Process.Start(psi)!;
            var lib = p.StandardOutput.ReadToEnd().Split('\n').FirstOrDefault(l => l.EndsWith("/libblas.so.3"));
            p.WaitForExit();
            return lib is null ? null : Path.GetDirectoryName(lib);
        }
        catch (System.ComponentModel.Win32Exception) { return null; }
    }
}
