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
    /// <exception cref="InvalidOperationException"><see cref="NextTask"/> is not the number of rows (such a file would not load).</exception>
    public void Save(string path, string unitHash)
    {
        if (NextTask != Rows.Count) throw new InvalidOperationException($"A checkpoint's next task ({NextTask}) must equal its number of accuracy rows ({Rows.Count}).");
        Write(path, unitHash, Rows, Timings, w => w.Write(MethodState));
    }

    /// <summary>
    /// Writes a checkpoint after task <c>rows.Count − 1</c> with the state <paramref name="saveState"/> writes (e.g.
    /// <c>method.Save</c>), streamed to the file: no copy of the state is held in memory. Joint and exact replay store
    /// their samples, so a Permnist Joint state reaches 1.1 GB; building it as bytes first held two more copies of it.
    /// </summary>
    /// <param name="path">The checkpoint file (written atomically).</param>
    /// <param name="unitHash">The unit's configuration hash.</param>
    /// <param name="rows">Accuracy rows so far; their count is the next task.</param>
    /// <param name="timings">Timings of the tasks learned so far.</param>
    /// <param name="saveState">Writes the method's state.</param>
    public static void Write(string path, string unitHash, IReadOnlyList<double[]> rows, IReadOnlyList<TaskTiming> timings, Action<BinaryWriter> saveState)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(timings);
        ArgumentNullException.ThrowIfNull(saveState);
        ChecksummedFile.Write(path, Kind, unitHash, stream =>
        {
            using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            w.Write(rows.Count);
            w.Write(rows.Count);
            foreach (var row in rows)
            {
                w.Write(row.Length);
                foreach (var a in row) w.Write(a);
            }
            w.Write(timings.Count);
            foreach (var t in timings)
            {
                w.Write(t.Experiment); w.Write(t.Method); w.Write(t.Seed); w.Write(t.Task);
                w.Write(t.TrainSeconds); w.Write(t.SleepSeconds); w.Write(t.Slept); w.Write(t.Epochs); w.Write(t.Samples);
            }
            // The state's length precedes it: written as a placeholder, filled in once the state is out.
            w.Flush();
            long lengthAt = stream.Position;
            w.Write(0);
            saveState(w);
            w.Flush();
            long end = stream.Position, length = end - lengthAt - sizeof(int);
            if (length > int.MaxValue) throw new IOException($"Checkpoint '{path}': the method's state is {length:N0} bytes, above the 2 GiB a checkpoint holds.");
            stream.Position = lengthAt;
            w.Write((int)length);
            w.Flush();
            stream.Position = end;
        });
    }

    /// <summary>The unit hash a checkpoint file was written under (the file is verified first).</summary>
    /// <exception cref="InvalidDataException">Truncated or corrupted.</exception>
    public static string StoredHash(string path) => ChecksummedFile.ReadConfigHash(path, Kind);

    /// <summary>Reads a checkpoint written for <paramref name="unitHash"/>.</summary>
    /// <exception cref="InvalidDataException">Truncated, corrupted, inconsistent, or written by another configuration (the message names the file).</exception>
    public static Checkpoint Load(string path, string unitHash)
    {
        using var payload = ChecksummedFile.OpenRead(path, Kind, unitHash);
        long payloadBytes = payload.Length - payload.Position;
        string Bad(string what) => $"Checkpoint '{path}' is inconsistent: {what}. Delete it to start the unit over, or run without --resume.";
        try
        {
            using var r = new BinaryReader(payload, Encoding.UTF8, leaveOpen: true);
            long Left() => r.BaseStream.Length - r.BaseStream.Position;
            // Every count is checked against the bytes left before anything is allocated: a count damaged behind
            // the checksum (or by a writer bug) must not reserve gigabytes or loop for minutes (the fuzzer found both).
            int Count(string what, int bytesEach)
            {
                int n = r.ReadInt32();
                if (n < 0 || (long)n * bytesEach > Left()) throw new InvalidDataException(Bad($"{what} {n} does not fit the {Left()} bytes left"));
                return n;
            }
            var next = r.ReadInt32();
            var rows = new double[Count("row count", sizeof(int))][];
            for (int t = 0; t < rows.Length; t++)
            {
                rows[t] = new double[Count("row length", sizeof(double))];
                for (int i = 0; i < rows[t].Length; i++) rows[t][i] = r.ReadDouble();
            }
            var timings = new TaskTiming[Count("timing count", MinTimingBytes)];
            for (int k = 0; k < timings.Length; k++)
                timings[k] = new TaskTiming(r.ReadString(), r.ReadString(), r.ReadInt64(), r.ReadInt32(),
                    r.ReadDouble(), r.ReadDouble(), r.ReadBoolean(), r.ReadInt32(), r.ReadInt64());
            var state = r.ReadBytes(Count("method state length", 1));
            if (Left() != 0) throw new InvalidDataException(Bad($"{Left()} bytes after its end"));
            if (next != rows.Length) throw new InvalidDataException(Bad($"next task {next} but {rows.Length} rows"));
            if (timings.Length != rows.Length) throw new InvalidDataException(Bad($"{rows.Length} rows but {timings.Length} timings"));
            if (rows.Any(row => row.Length != rows[0].Length)) throw new InvalidDataException(Bad("its accuracy rows differ in length"));
            if (rows.SelectMany(row => row).Any(a => !double.IsNaN(a) && a is < 0 or > 1)) throw new InvalidDataException(Bad("an accuracy outside [0, 1]"));
            return new Checkpoint(next, rows, timings, state);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException(Bad($"its content ends early ({payloadBytes} bytes)"), e);
        }
        catch (FormatException e)   // a damaged string length prefix
        {
            throw new InvalidDataException(Bad($"a damaged string ({e.Message})"), e);
        }
    }

    // Two empty strings (one length byte each), seed, task, two doubles, flag, epochs, samples.
    private const int MinTimingBytes = 1 + 1 + 8 + 4 + 8 + 8 + 1 + 4 + 8;
}
