namespace Dgdmn.Memory;

/// <summary>How one DGR_TRAIN update splits its N_max samples between new and generated data.</summary>
/// <param name="New">N_new: new samples kept (drawn without replacement from the incoming data).</param>
/// <param name="Generated">N_gen: samples the memory generates (replay).</param>
/// <param name="Binding">Whether N_max limited the update (|X| + age &gt; N_max).</param>
/// <param name="Eta">η: the new data's share of N_max after the κ floor; 1 when N_max does not bind.</param>
public readonly record struct ReplayAllocation(long New, long Generated, bool Binding, double Eta)
{
    /// <summary>Samples in the update: N_new + N_gen.</summary>
    public long Total => New + Generated;
}

/// <summary>
/// The allocation rule of DGR_TRAIN (spec §2.2; the precise rule is a project default): replay as many samples
/// as the memory represents while N_max allows; once it binds, new data gets a share η ∝ its task count
/// (repetitions counted), at least κ per new task, and generated samples fill the rest.
/// </summary>
public static class ReplayAllocator
{
    /// <summary>Computes (N_new, N_gen) for one update.</summary>
    /// <param name="newSamples">|X|: incoming samples (at least 1).</param>
    /// <param name="age">Samples the memory currently represents (0 for an untrained memory).</param>
    /// <param name="newTasks">Tasks in the incoming data and their counts (non-empty, counts ≥ 1).</param>
    /// <param name="dictionary">The memory's task dictionary D before the update (counts ≥ 1).</param>
    /// <param name="kappa">κ ∈ [0, 1]: least share of N_max per new task.</param>
    /// <param name="nMax">N_max ≥ 1: most samples in the update.</param>
    public static ReplayAllocation Allocate(long newSamples, long age, IReadOnlyDictionary<int, int> newTasks,
        IReadOnlyDictionary<int, int> dictionary, double kappa, long nMax)
    {
        ArgumentNullException.ThrowIfNull(newTasks);
        ArgumentNullException.ThrowIfNull(dictionary);
        if (newSamples < 1) throw new ArgumentException($"DGR_TRAIN got no new samples (|X| = {newSamples}): an empty task cannot be learned.", nameof(newSamples));
        if (age < 0) throw new ArgumentOutOfRangeException(nameof(age), age, "A memory's age cannot be negative.");
        if (newTasks.Count == 0) throw new ArgumentException("DGR_TRAIN needs at least one new task id.", nameof(newTasks));
        if (newTasks.Values.Any(c => c < 1) || dictionary.Values.Any(c => c < 1))
            throw new ArgumentException("Task counts must be at least 1 (a task seen zero times is not in a dictionary).");
        if (kappa is < 0 or > 1 || double.IsNaN(kappa)) throw new ArgumentOutOfRangeException(nameof(kappa), kappa, "κ must be in [0, 1].");
        if (nMax < 1) throw new ArgumentOutOfRangeException(nameof(nMax), nMax, "N_max must be at least 1.");

        if (newSamples + age <= nMax) return new ReplayAllocation(newSamples, age, false, 1);

        long cNew = newTasks.Values.Sum(c => (long)c);
        long cOld = dictionary.Values.Sum(c => (long)c);
        // Floors in exact arithmetic: η·N_max in doubles can land just below an integer (0.29·100 = 28.999…).
        long byShare = (long)((Int128)cNew * nMax / (cNew + cOld));
        long byKappa = (long)decimal.Floor((decimal)kappa * newTasks.Count * nMax);
        long cap = Math.Min(nMax, Math.Max(byShare, byKappa));
        long kept = Math.Min(newSamples, cap);
        double eta = Math.Min(1, Math.Max((double)cNew / (cNew + cOld), kappa * newTasks.Count));
        return new ReplayAllocation(kept, nMax - kept, true, eta);
    }
}
