using System.Globalization;
using System.Text;

namespace Dgdmn.Tests.Reliability;

/// <summary>All outcomes of one fuzz run of one target, with counts by kind and the failures.</summary>
/// <param name="Target">The target's name.</param>
/// <param name="Checksummed">Whether the format detects every change.</param>
/// <param name="Seed">Seed of the mutations.</param>
/// <param name="Outcomes">One per case.</param>
public sealed record FuzzReport(string Target, bool Checksummed, int Seed, IReadOnlyList<FuzzOutcome> Outcomes)
{
    /// <summary>Cases that break the reliability contract.</summary>
    /// <remarks>
    /// Always: a wrong error, a broken invariant, a hang or too much memory. For a checksummed format also any
    /// acceptance of an outer mutation as different data (an inner, re-wrapped mutation cannot be detected).
    /// </remarks>
    public IReadOnlyList<FuzzOutcome> Failures => Outcomes.Where(o => o.Verdict switch
    {
        FuzzVerdict.Rejected or FuzzVerdict.Declined or FuzzVerdict.AcceptedIdentical => false,
        FuzzVerdict.AcceptedAltered => Checksummed && !o.Mutation.IsInner,
        _ => true,
    }).ToList();

    /// <summary>Counts by layer (outer/inner) and verdict (with the exception type for rejections).</summary>
    public IReadOnlyDictionary<string, int> Counts => Outcomes
        .GroupBy(o => $"{(o.Mutation.IsInner ? "inner" : "outer")} {o.Verdict}{(o.Verdict == FuzzVerdict.Rejected ? " " + o.Detail : "")}")
        .OrderBy(g => g.Key, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.Count());

    /// <summary>The slowest read.</summary>
    public TimeSpan MaxElapsed => Outcomes.Count == 0 ? TimeSpan.Zero : Outcomes.Max(o => o.Elapsed);

    /// <summary>The most managed memory one read allocated.</summary>
    public long MaxAllocated => Outcomes.Count == 0 ? 0 : Outcomes.Max(o => o.AllocatedBytes);

    /// <summary>A few lines for test output: cases, counts by kind, slowest read, largest allocation, failures.</summary>
    public string Format(int failuresShown = 10)
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine(inv, $"{Target}: {Outcomes.Count} mutations (seed {Seed}, {(Checksummed ? "checksummed" : "no checksum")}), " +
            $"slowest {MaxElapsed.TotalMilliseconds:F0} ms, most allocated {MaxAllocated / 1024.0 / 1024.0:F1} MiB, {Failures.Count} failure(s)");
        foreach (var (kind, n) in Counts) text.AppendLine(inv, $"  {n,6}  {kind}");
        foreach (var accepted in Outcomes.Where(o => o.Verdict is FuzzVerdict.AcceptedIdentical or FuzzVerdict.AcceptedAltered).GroupBy(o => o.Verdict))
        {
            var kinds = string.Join(", ", accepted.GroupBy(o => o.Mutation.Kind).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}"));
            text.AppendLine(inv, $"  {accepted.Key} by mutation: {kinds}");
        }
        foreach (var f in Failures.Take(failuresShown))
            text.AppendLine(inv, $"  FAIL #{f.Mutation.Index} {f.Mutation.Kind}: {f.Verdict} {f.Detail}");
        return text.ToString();
    }
}
