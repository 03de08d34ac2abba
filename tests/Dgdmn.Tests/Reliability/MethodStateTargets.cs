using System.Text;
using Dgdmn.IO;
using Dgdmn.Memory;
using Dgdmn.Methods;
using Dgdmn.Tests.Memory;
using Dgdmn.Tests.Methods;

namespace Dgdmn.Tests.Reliability;

/// <summary>
/// Fuzz targets of the methods' <c>Load</c> (through <see cref="MethodState.FromBytesAllOrNothing"/>, as a resume
/// does), on tiny networks. The stream has no checksum of its own (the checkpoint file around it has one), so
/// damage in weight bytes loads as other weights; any rejection must leave the object exactly as it was.
/// </summary>
public static class MethodStateTargets
{
    /// <summary>The clear error of a state stream: an <see cref="InvalidDataException"/> with a message.</summary>
    public static bool IsClearError(Exception e, string path) => e is InvalidDataException && !string.IsNullOrWhiteSpace(e.Message);

    /// <summary>EWC (a <see cref="ClassifierMethod"/> with Fisher tensors) after one task.</summary>
    public static FuzzTarget Ewc(out IDisposable owner) => Trained(new Ewc(BaselineTestData.Context()), out owner);

    /// <summary>Exact replay (a <see cref="ClassifierMethod"/> with stored examples) after one task.</summary>
    public static FuzzTarget Replay(out IDisposable owner) => Trained(new ExactReplay(BaselineTestData.Context()), out owner);

    /// <summary>DGR after one task.</summary>
    public static FuzzTarget Dgr(out IDisposable owner) => Trained(new Dgr(FakeTasks.Context()), out owner);

    /// <summary>DGDMN after one task (STTMs, LTM, routing).</summary>
    public static FuzzTarget Dgdmn(out IDisposable owner) => Trained(new DualMemoryNetwork(FakeTasks.Context()), out owner);

    /// <summary>A generative memory on its own.</summary>
    public static FuzzTarget Memory(out IDisposable owner)
    {
        var memory = FakeTasks.Memory();
        owner = memory;
        return Target($"memory {memory.Name}", "GenerativeMemory", memory.Save, memory.Load);
    }

    private static FuzzTarget Trained(IContinualMethod method, out IDisposable owner)
    {
        owner = method;
        using (var task = FakeTasks.Make(0, 0)) method.Learn(task);
        return Target($"{method.Name} Load", method.Name, method.Save, method.Load);
    }

    private static FuzzTarget Target(string name, string kind, Action<BinaryWriter> save, Action<BinaryReader> load)
    {
        var valid = MethodState.ToBytes(save);
        var current = valid;   // what the object holds now (an accepted case loads other bytes)
        bool Read(string path)
        {
            try
            {
                MethodState.FromBytesAllOrNothing(File.ReadAllBytes(path), save, load, kind);
            }
            catch (Exception e) when (e is not FuzzInvariantException)
            {
                if (!MethodState.ToBytes(save).AsSpan().SequenceEqual(current))
                    throw new FuzzInvariantException($"a failed load ({e.GetType().Name}) changed the state");
                throw;
            }
            current = MethodState.ToBytes(save);
            return current.AsSpan().SequenceEqual(valid);
        }
        return new FuzzTarget(name, "state.bin", valid, Read, IsClearError, Checksummed: false, Fields: HeaderFields(kind));
    }

    // The version after the "dgdmn-state:<kind>" header string and the ints after it (counters, sizes).
    internal static HeaderField[] HeaderFields(string kind)
    {
        int version = 1 + Encoding.UTF8.GetByteCount("dgdmn-state:" + kind);
        return [new(version, 4, false), new(version + 4, 4, false), new(version + 8, 4, false), new(version + 12, 8, false)];
    }
}
