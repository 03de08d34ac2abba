using System.Text;
using Dgdmn.Experiments;
using Dgdmn.IO;

namespace Dgdmn.Tests.IO;

/// <summary>The streamed writer and reader of checksummed files agree byte for byte with the in-memory ones.</summary>
public sealed class ChecksummedFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dgdmn-checksummed-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void AStreamedPayloadWritesTheSameFileAsItsBytes()
    {
        var payload = new byte[3 * 1024 * 1024 + 17];   // more than one hashing chunk
        new Random(3).NextBytes(payload);
        var bytesFile = Path.Combine(_folder, "bytes.bin");
        var streamedFile = Path.Combine(_folder, "streamed.bin");
        ChecksummedFile.Write(bytesFile, "results", "abc", payload);
        ChecksummedFile.Write(streamedFile, "results", "abc", s => { s.Write(payload, 0, 1000); s.Write(payload, 1000, payload.Length - 1000); });
        Assert.Equal(File.ReadAllBytes(bytesFile), File.ReadAllBytes(streamedFile));
        Assert.Equal(payload, ChecksummedFile.Read(streamedFile, "results", "abc"));
        using var open = ChecksummedFile.OpenRead(streamedFile, "results", "abc");
        Assert.Equal(payload.Length, open.Length - open.Position);
        Assert.Single(Directory.GetFiles(_folder, "streamed*"));
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp"));
    }

    [Fact]
    public void AFlippedPayloadByteOrAWrongHashIsRefusedByTheStreamingReader()
    {
        var path = Path.Combine(_folder, "c.bin");
        ChecksummedFile.Write(path, "results", "abc", s => s.Write(Encoding.UTF8.GetBytes("hello, payload")));
        var error = Assert.Throws<InvalidDataException>(() => ChecksummedFile.OpenRead(path, "results", "xyz").Dispose());
        Assert.Contains("different configuration", error.Message);
        var bytes = File.ReadAllBytes(path);
        bytes[^3] ^= 1;
        File.WriteAllBytes(path, bytes);
        error = Assert.Throws<InvalidDataException>(() => ChecksummedFile.OpenRead(path, "results", "abc").Dispose());
        Assert.Contains("SHA-256", error.Message);
        File.WriteAllBytes(path, bytes[..20]);
        error = Assert.Throws<InvalidDataException>(() => ChecksummedFile.Read(path, "results", "abc"));
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void AFailingStateWriterLeavesTheOldCheckpoint()
    {
        var path = Path.Combine(_folder, "u.ckpt");
        var rows = new List<double[]> { new[] { 0.5, 0.25 } };
        var timings = new List<TaskTiming> { new("e", "nn", 1, 0, 0.5, 0, false, 2, 128) };
        Checkpoint.Write(path, "h", rows, timings, w => w.Write(new byte[] { 1, 2, 3 }));
        var before = File.ReadAllBytes(path);
        Assert.Throws<IOException>(() => Checkpoint.Write(path, "h", rows, timings, w => { w.Write(new byte[500]); throw new IOException("disk full"); }));
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(_folder));
    }

    [Fact]
    public void AStreamedCheckpointLoadsLikeOneSavedFromBytes()
    {
        var rows = new List<double[]> { new[] { 0.9, 0.0 }, new[] { 0.8, 0.7 } };
        var timings = new List<TaskTiming> { new("e", "nn", 1, 0, 0.5, 0, false, 2, 128), new("e", "nn", 1, 1, 0.6, 0.1, true, 2, 256) };
        var state = new byte[70_000];
        new Random(5).NextBytes(state);
        var streamed = Path.Combine(_folder, "s.ckpt");
        var fromBytes = Path.Combine(_folder, "b.ckpt");
        Checkpoint.Write(streamed, "h", rows, timings, w => { w.Write(state, 0, 10); w.Write(state, 10, state.Length - 10); });
        new Checkpoint(2, rows, timings, state).Save(fromBytes, "h");
        Assert.Equal(File.ReadAllBytes(fromBytes), File.ReadAllBytes(streamed));
        var loaded = Checkpoint.Load(streamed, "h");
        Assert.Equal(2, loaded.NextTask);
        Assert.Equal(state, loaded.MethodState);
        Assert.Equal(rows, loaded.Rows);
        Assert.Equal(timings, loaded.Timings);
        Assert.Throws<InvalidOperationException>(() => new Checkpoint(3, rows, timings, state).Save(fromBytes, "h"));
    }
}
