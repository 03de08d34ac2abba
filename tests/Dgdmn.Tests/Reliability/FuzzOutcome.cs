namespace Dgdmn.Tests.Reliability;

/// <summary>How a reader handled one damaged file.</summary>
public enum FuzzVerdict
{
    /// <summary>Rejected with the reader's documented, clear error (the wanted outcome).</summary>
    Rejected,

    /// <summary>Declined without using it, as a reader may for a file that is not for this run (a cache of another configuration: recomputed).</summary>
    Declined,

    /// <summary>Accepted and decoded to exactly the valid data (damage in bytes the format ignores).</summary>
    AcceptedIdentical,

    /// <summary>Accepted as different data: allowed only where nothing could detect the damage (no checksum, or an inner layer).</summary>
    AcceptedAltered,

    /// <summary>Failed with another exception type or an unclear message (a reader bug).</summary>
    WrongError,

    /// <summary>A guarantee broke (e.g. a failed load changed the object).</summary>
    BrokenInvariant,

    /// <summary>Did not finish within the hang guard.</summary>
    Hang,

    /// <summary>Allocated more managed memory than the bound.</summary>
    TooMuchMemory,
}

/// <summary>The outcome of one case.</summary>
/// <param name="Mutation">The case.</param>
/// <param name="Verdict">What happened.</param>
/// <param name="Detail">Exception type (and message for failures), or empty.</param>
/// <param name="Elapsed">Wall time of the read.</param>
/// <param name="AllocatedBytes">Managed bytes the read allocated.</param>
public sealed record FuzzOutcome(Mutation Mutation, FuzzVerdict Verdict, string Detail, TimeSpan Elapsed, long AllocatedBytes);
