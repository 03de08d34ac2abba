using System.Runtime.InteropServices;
using TorchSharp;

namespace Dgdmn;

/// <summary>
/// Process-wide libtorch settings. Call <see cref="Configure"/> once, before the first tensor is made.
/// </summary>
/// <remarks>
/// With two intra-op threads on a 2-vCPU machine libgomp's spin-wait can stall an epoch from ~1.5 s to
/// over 60 s (toolchain notes, B3). The default is therefore one thread, and <c>OMP_WAIT_POLICY=PASSIVE</c>
/// is set in the native environment (a managed SetEnvironmentVariable does not reach libgomp).
/// </remarks>
public static class TorchSetup
{
    private static readonly object Gate = new();
    private static bool _configured;

    /// <summary>Threads used when <c>DGDMN_THREADS</c> is not set (project default: 1).</summary>
    public const int DefaultThreads = 1;

    /// <summary>Intra-op threads in force after <see cref="Configure"/>.</summary>
    public static int Threads { get; private set; } = DefaultThreads;

    /// <summary>
    /// Sets libtorch's thread count (argument, else <c>DGDMN_THREADS</c>, else 1) and a passive OpenMP wait
    /// policy. Safe to call more than once; later calls only change the thread count.
    /// </summary>
    public static void Configure(int? threads = null)
    {
        lock (Gate)
        {
            var n = threads ?? ThreadsFromEnvironment();
            if (n < 1) throw new ArgumentOutOfRangeException(nameof(threads), n, "Threads must be at least 1.");
            if (!_configured)
            {
                if (OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is null)
                    setenv("OMP_WAIT_POLICY", "PASSIVE", 0);
                _configured = true;
            }
            torch.set_num_threads(n);
            Threads = n;
        }
    }

    private static int ThreadsFromEnvironment()
    {
        var s = Environment.GetEnvironmentVariable("DGDMN_THREADS");
        if (string.IsNullOrWhiteSpace(s)) return DefaultThreads;
        if (int.TryParse(s, out var n) && n >= 1) return n;
        throw new ArgumentException($"DGDMN_THREADS='{s}' is not a positive integer. Set it to e.g. 1 or 2, or unset it.");
    }

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int setenv(string name, string value, int overwrite);
}
