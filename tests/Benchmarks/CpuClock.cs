using System.Runtime.InteropServices;

namespace Dgdmn.Benchmarks;

/// <summary>
/// CPU-time clocks (Linux clock_gettime). On a machine shared with other jobs, CPU time counts only the work this
/// process did, so at 1 thread it estimates the quiet-machine time; wall time is what the contract reports.
/// </summary>
public static class CpuClock
{
    private const int ProcessCpuTime = 2;   // CLOCK_PROCESS_CPUTIME_ID
    private const int ThreadCpuTime = 3;    // CLOCK_THREAD_CPUTIME_ID

    /// <summary>Seconds of CPU used by the whole process so far.</summary>
    public static double Process() => Read(ProcessCpuTime);

    /// <summary>Seconds of CPU used by the calling thread so far.</summary>
    public static double Thread() => Read(ThreadCpuTime);

    private static double Read(int clock)
    {
        if (!OperatingSystem.IsLinux()) return double.NaN;
        clock_gettime(clock, out var ts);
        return ts.Seconds + ts.Nanoseconds * 1e-9;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec { public long Seconds; public long Nanoseconds; }

    [DllImport("libc")]
    private static extern int clock_gettime(int clockId, out TimeSpec ts);
}
