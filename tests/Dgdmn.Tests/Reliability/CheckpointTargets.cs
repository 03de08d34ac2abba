using System.Text;
using Dgdmn.Experiments;
using Dgdmn.IO;
using Dgdmn.Methods;
using Dgdmn.Tests.Methods;

namespace Dgdmn.Tests.Reliability;

/// <summary>
/// Fuzz target of a checkpoint file as a resume reads it: <see cref="Checkpoint.Load"/> (a <see cref="ChecksummedFile"/>),
/// then the method state into a tiny classifier baseline. The inner layer is the payload re-checksummed, which
/// exercises the payload parser and the method's Load behind the SHA-256.
/// </summary>
public static class CheckpointTargets
{
    private const string UnitHash = "5eed15c0ffee5eed15c0ffee5eed15c0ffee5eed15c0ffee5eed15c0ffee0015";

    /// <summary>The clear error: an <see cref="InvalidDataException"/> naming the file.</summary>
    public static bool IsClearError(Exception e, string path) => e is InvalidDataException && e.Message.Contains(path, StringComparison.Ordinal);

    /// <summary>A checkpoint after two tasks of a 3-task stream, with the method it loads into.</summary>
    public static FuzzTarget Checkpoint(out IDisposable owner)
    {
        var method = new Naive(BaselineTestData.Context(), dropout: false);
        owner = method;
        using (var task = Memory.FakeTasks.Make(0, 0)) method.Learn(task);
        var state = MethodState.ToBytes(method.Save);
        double[][] rows = [[0.5, double.NaN, double.NaN], [0.25, 0.75, double.NaN]];
        TaskTiming[] timings = [new("fuzz", "naive", 1, 0, 0.5, 0, false, 2, 128), new("fuzz", "naive", 1, 1, 0.25, 0.125, true, 2, 256)];
        var valid = new Checkpoint(2, rows, timings, state);
        var payload = Payload(valid);

        var current = state;   // what the method holds now (it is loaded with every accepted case)
        bool Read(string path)
        {
            var loaded = Dgdmn.Experiments.Checkpoint.Load(path, UnitHash);
            var before = current;
            try
            {
                MethodState.FromBytesAllOrNothing(loaded.MethodState, method.Save, method.Load, method.Name);
            }
            catch (InvalidDataException e)
            {
                if (!MethodState.ToBytes(method.Save).AsSpan().SequenceEqual(before))
                    throw new FuzzInvariantException("a failed load changed the method");
                // As the runner reports it (ExperimentContext.RunUnit).
                throw new InvalidDataException($"Checkpoint '{path}' does not load into {method.Name}: {e.Message}", e);
            }
            current = MethodState.ToBytes(method.Save);
            return loaded.NextTask == valid.NextTask
                && loaded.Rows.Count == rows.Length && loaded.Rows.Zip(rows).All(p => p.First.SequenceEqual(p.Second))
                && loaded.Timings.SequenceEqual(timings)
                && loaded.MethodState.AsSpan().SequenceEqual(state)
                && current.AsSpan().SequenceEqual(state);
        }

        // Payload fields: next task, row count, first row length, timing count, state length.
        int timingsAt = 8 + rows.Sum(r => 4 + 8 * r.Length);
        HeaderField[] inner = [new(0, 4, false), new(4, 4, false), new(8, 4, false), new(timingsAt, 4, false), new(payload.Length - state.Length - 4, 4, false)];
        return new FuzzTarget("checkpoint", "unit.ckpt", Wrap(payload), Read, IsClearError, Checksummed: true,
            Fields: ContainerFields("checkpoint", UnitHash), Inner: new InnerLayer(payload, inner, Wrap));

        static byte[] Wrap(byte[] p) => Checksummed("checkpoint", UnitHash, p);
    }

    /// <summary>The bytes <see cref="ChecksummedFile.Write"/> writes.</summary>
    public static byte[] Checksummed(string kind, string hash, byte[] payload) => ChecksummedFile.Encode(kind, hash, payload);

    /// <summary>The format version and payload length of a <see cref="ChecksummedFile"/> header.</summary>
    public static HeaderField[] ContainerFields(string kind, string hash) =>
        [new(8, 4, false), new(12 + 1 + Encoding.UTF8.GetByteCount(kind) + 1 + Encoding.UTF8.GetByteCount(hash), 8, false)];

    // The payload Checkpoint.Save checksums (read back from the file it writes).
    private static byte[] Payload(Checkpoint checkpoint)
    {
        using var folder = new TempFolder("dgdmn-fuzz-ckpt-");
        var path = folder.File("c");
        checkpoint.Save(path, UnitHash);
        return ChecksummedFile.Read(path, "checkpoint", UnitHash);
    }
}
