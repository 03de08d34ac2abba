using Dgdmn.IO;

namespace Dgdmn.Tests.Reliability;

/// <summary>
/// Runs a reader over seeded mutations of a valid file and classifies each outcome (<see cref="FuzzVerdict"/>).
/// Each read runs on its own thread under a hang guard and with its managed allocations counted, so a hang or a
/// huge allocation is reported as such instead of stalling or killing the run.
/// </summary>
public static class Fuzzer
{
    /// <summary>Hang guard per read: generous, far above the sub-second reads, so a busy machine never trips it.</summary>
    public static TimeSpan HangGuard { get; } = TimeSpan.FromSeconds(20);

    /// <summary>Managed allocation bound per read (the valid files are well under 1 MiB).</summary>
    public const long MemoryBound = 64L << 20;

    /// <summary>Fuzzes <paramref name="target"/> with <paramref name="count"/> mutations from <paramref name="seed"/>.</summary>
    public static FuzzReport Run(FuzzTarget target, int count, int seed)
    {
        using var folder = new TempFolder("dgdmn-fuzz-");
        var path = Path.Combine(target.Folder ?? folder.Path, target.FileName);
        // The unmutated file must read as identical, or every verdict below is meaningless.
        File.WriteAllBytes(path, target.Valid);
        if (!target.Read(path)) throw new InvalidOperationException($"{target.Name}: the valid file does not read back as the valid data.");
        var outcomes = new List<FuzzOutcome>(count);
        foreach (var mutation in Mutator.For(target, count, seed))
        {
            File.WriteAllBytes(path, mutation.Bytes);
            var outcome = RunOne(target, path, mutation);
            outcomes.Add(outcome);
            if (outcome.Verdict == FuzzVerdict.Hang) break;   // the stuck thread still holds the file and maybe the state
        }
        return new FuzzReport(target.Name, target.Checksummed, seed, outcomes);
    }

    private static FuzzOutcome RunOne(FuzzTarget target, string path, Mutation mutation)
    {
        bool identical = false;
        Exception? error = null;
        long allocated = 0;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var thread = new Thread(() =>
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            try { identical = target.Read(path); }
            catch (Exception e) { error = e; }
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }) { IsBackground = true, Name = "fuzz case" };
        thread.Start();
        if (!thread.Join(HangGuard))
            return new FuzzOutcome(mutation, FuzzVerdict.Hang, $"no result after {HangGuard.TotalSeconds:F0} s", watch.Elapsed, 0);
        var elapsed = watch.Elapsed;
        FuzzOutcome Outcome(FuzzVerdict verdict, string detail) => new(mutation, verdict, detail, elapsed, allocated);
        if (allocated > MemoryBound) return Outcome(FuzzVerdict.TooMuchMemory, $"{allocated} bytes; {error?.GetType().Name}");
        return error switch
        {
            null => Outcome(identical ? FuzzVerdict.AcceptedIdentical : FuzzVerdict.AcceptedAltered, ""),
            FuzzInvariantException e => Outcome(FuzzVerdict.BrokenInvariant, e.Message),
            FuzzDeclinedException => Outcome(FuzzVerdict.Declined, ""),
            _ when target.IsClearError(error, path) => Outcome(FuzzVerdict.Rejected, error.GetType().Name),
            _ => Outcome(FuzzVerdict.WrongError, $"{error.GetType().Name}: {error.Message}"),
        };
    }
}
