namespace Dgdmn.Tests.Reliability;

/// <summary>
/// Runs a reader over seeded mutations of a valid file and classifies each outcome (<see cref="FuzzVerdict"/>).
/// Each read runs on a worker thread under a hang guard and with its managed allocations counted, so a hang or a
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
        // In memory where Linux offers it: thousands of writes of a state file cost a few ms each on a disk.
        var scratch = Directory.Exists("/dev/shm") ? Directory.CreateDirectory(Path.Combine("/dev/shm", $"dgdmn-fuzz-{Guid.NewGuid():N}")).FullName
            : Directory.CreateTempSubdirectory("dgdmn-fuzz-").FullName;
        try
        {
            foreach (var (name, bytes) in target.Companions) File.WriteAllBytes(Path.Combine(scratch, name), bytes);
            return Run(target, count, seed, Path.Combine(scratch, target.FileName));
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static FuzzReport Run(FuzzTarget target, int count, int seed, string path)
    {
        // The unmutated file must read as identical, or every verdict below is meaningless.
        File.WriteAllBytes(path, target.Valid);
        if (!target.Read(path)) throw new InvalidOperationException($"{target.Name}: the valid file does not read back as the valid data.");
        // One worker thread reads every case (a thread per case cost a third of the run); a hang abandons it.
        // Not `using`: disposing while the worker still waits in Take crashes the test host (ObjectDisposedException
        // on the worker thread), so the collection is disposed only after the worker has exited.
        var cases = new System.Collections.Concurrent.BlockingCollection<Action>();
        var worker = new Thread(() => { foreach (var work in cases.GetConsumingEnumerable()) work(); }) { IsBackground = true, Name = "fuzz reader" };
        worker.Start();
        var outcomes = new List<FuzzOutcome>(count);
        bool hung = false;
        try
        {
            foreach (var mutation in Mutator.For(target, count, seed))
            {
                File.WriteAllBytes(path, mutation.Bytes);
                var outcome = RunOne(target, path, mutation, cases);
                outcomes.Add(outcome);
                if (outcome.Verdict == FuzzVerdict.Hang) { hung = true; break; }   // the stuck worker still holds the file and maybe the state
            }
        }
        finally
        {
            cases.CompleteAdding();
            // A hung worker is abandoned with its collection (a background thread; it never returns to Take).
            if (!hung) { worker.Join(); cases.Dispose(); }
        }
        return new FuzzReport(target.Name, target.Checksummed, seed, outcomes);
    }

    private static FuzzOutcome RunOne(FuzzTarget target, string path, Mutation mutation, System.Collections.Concurrent.BlockingCollection<Action> worker)
    {
        bool identical = false;
        Exception? error = null;
        long allocated = 0;
        var done = new ManualResetEventSlim();   // not disposed: a hung read may still set it
        var watch = System.Diagnostics.Stopwatch.StartNew();
        worker.Add(() =>
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            try { identical = target.Read(path); }
            catch (Exception e) { error = e; }
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            done.Set();
        });
        if (!done.Wait(HangGuard))
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
