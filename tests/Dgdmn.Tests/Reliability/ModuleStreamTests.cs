using System.Text;
using Dgdmn.Models;
using Dgdmn.Torch;
using static TorchSharp.torch;

namespace Dgdmn.Tests.Reliability;

/// <summary>
/// Regression for a fuzz finding: TorchSharp's Module.load allocates a tensor's shape from the stream before it
/// checks it; <see cref="ModuleStream.LoadChecked"/> rejects a damaged rank first, without allocating it.
/// </summary>
public sealed class ModuleStreamTests
{
    [Fact]
    public void AHugeRankIsRejectedBeforeAnythingIsAllocatedAndTheModuleIsUnchanged()
    {
        using var scope = NewDisposeScope();
        using var source = new Learner("l", 784, [8], 3, device: CPU);
        using var target = new Learner("l", 784, [8], 3, device: CPU);
        var saved = Save(source);
        var before = Save(target);
        // Layout: entry count (1 LEB byte), first name (7-bit length + UTF-8), dtype (1 LEB byte), rank.
        int nameLength = saved[1];
        int rankAt = 1 + 1 + nameLength + 1;
        Assert.Equal(2, saved[rankAt]);                                   // a weight matrix
        byte[] huge = [0x80, 0xAD, 0xE2, 0x04];                           // LEB128 of 10,000,000
        var damaged = saved[..rankAt].Concat(huge).Concat(saved[(rankAt + 1)..]).ToArray();

        long allocated = GC.GetAllocatedBytesForCurrentThread();
        using var reader = new BinaryReader(new MemoryStream(damaged));
        var e = Assert.Throws<InvalidDataException>(() => target.LoadChecked(reader, "test learner"));
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Assert.Contains("dimensions", e.Message);
        Assert.Contains("test learner", e.Message);
        Assert.True(allocated < 1 << 20, $"{allocated} bytes allocated for a rejected stream");   // TorchSharp's load would make a 10^7-long shape array (80 MB)
        Assert.Equal(before, Save(target));

        using var valid = new BinaryReader(new MemoryStream(saved));
        target.LoadChecked(valid, "test learner");
        Assert.Equal(saved, Save(target));
    }

    private static byte[] Save(nn.Module module)
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true)) module.save(w);
        return buffer.ToArray();
    }
}
