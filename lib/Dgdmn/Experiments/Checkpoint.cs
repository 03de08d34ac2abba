using System.Text;
using Dgdmn.IO;

namespace Dgdmn.Experiments;

/// <summary>
/// The state of one run unit (benchmark × method × seed) after a finished task: the method's saved state,
/// the accuracy rows and timings so far and the next task to learn. Stored in a <see cref="ChecksummedFile"/>
/// keyed by the unit's configuration hash, so a resumed run continues exactly where it stopped and a stale or
/// damaged checkpoint is reported instead of used.
/// </summary>
/// <param name="NextTask">0-based index of the next task to learn (= rows so far).</param>
/// <param name="Rows">Accuracy rows R[0..NextTask-1, ·].</param>
/// <param name="Timings">Timings of the tasks learned so far.</param>
/// <param name="MethodState">Bytes written by <c>IContinualMethod.Save</c> after task NextTask − 1.</param>
public sealed record Checkpoint(int NextTask, IReadOnlyList<double[]> Rows, IReadOnlyList<TaskTiming> Timings, byte[] MethodState)
{
    private const string Kind = "checkpoint";

    /// <summary>Writes the checkpoint atomically under <paramref name="unitHash"/>.</summary>
    public void Save(string path, string unitHash)
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(NextTask);
            w.Write(Rows.Count);
            foreach (var row in Rows)
            {
                w.Write(row.Length);
                foreach (var a in row) w.Write(a);
            }
            w.Write(Timings.Count);
            foreach (var t in Timings)
            {
                w.Write(t.Experiment); w.Write(t.Method); w.Write(t.Seed); w.Write(t.Task);
                w.Write(t.TrainSeconds); w.Write(t.SleepSeconds); w.Write(t.Slept); w.Write(t.Epochs); w.Write(t.Samples);
            }
            w.Write(MethodState.Length);
            w.Write(MethodState);
        }
        ChecksummedFile.Write(path, Kind, unitHash, buffer.ToArray());
    }

    /// <summary>The unit hash a checkpoint file was written under (the file is verified first).</summary>
    /// <exception cref="InvalidDataException">Truncated or corrupted.</exception>
    public static string StoredHash(string path) => ChecksummedFile.ReadConfigHash(path, Kind);

    /// <summary>Reads a checkpoint written for <paramref name="unitHash"/>.</summary>
    /// <exception cref="InvalidDataException">Truncated, corrupted, or written by another configuration.</exception>
    public static Checkpoint Load(string path, string unitHash)
    {
        var payload = ChecksummedFile.Read(path, Kind, unitHash);
        using var r = new BinaryReader(new MemoryStream(payload), Encoding.UTF8);
        var next = r.ReadInt32();
        var rows = new double[r.ReadInt32()][];
        for (int t = 0; t < rows.Length; t++)
        {
            rows[t] = new double[r.ReadInt32()];
            for (int i = 0; i < rows[t].Length; i++) rows[t][i] = r.ReadDouble();
        }
        var timings = new TaskTiming[r.ReadInt32()];
        for (int k = 0; k < timings.Length; k++)
            timings[k] = new TaskTiming(r.ReadString(), r.ReadString(), r.ReadInt64(), r.ReadInt32(),
                r.ReadDouble(), r.ReadDouble(), r.ReadBoolean(), r.ReadInt32(), r.ReadInt64());
        var state = r.ReadBytes(r.ReadInt32());
        if (next != rows.Length) throw new InvalidDataException($"Checkpoint '{path}' is inconsistent: next task {next} but {rows.Length} rows. Delete it.");
        return new Checkpoint(next, rows, timings, state);
    }
}
