using Dgdmn.Data;
using Dgdmn.Memory;
using Dgdmn.Methods;
using Dgdmn.Models;
using static TorchSharp.torch;

namespace Dgdmn.Tests.Memory;

/// <summary>Tiny one-class tasks and tiny networks, so method tests run in about a second.</summary>
internal static class FakeTasks
{
    public const int Classes = 10;

    /// <summary>Task <paramref name="id"/> holds class <paramref name="label"/>: a bright horizontal band per class plus noise.</summary>
    public static ContinualTask Make(int id, int label, int train = 64, int test = 32, long seed = 1)
    {
        using var g = Seeds.Generator(seed, "fake", id, label);
        Tensor Images(int n)
        {
            using var scope = NewDisposeScope();
            var x = rand(new long[] { n, 28, 28 }, generator: g) * 0.1;
            x[TensorIndex.Colon, TensorIndex.Slice(2 + 2 * label, 5 + 2 * label), TensorIndex.Slice(4, 24)] += 0.85;
            return x.clamp(0, 1).reshape(n, 784).MoveToOuterDisposeScope();
        }
        return new ContinualTask(id, $"class {label}", Images(train), full(train, label, dtype: int64), Images(test), full(test, label, dtype: int64));
    }

    /// <summary>One epoch per model (unless told), batch 32, tiny networks.</summary>
    public static MethodConfig Config(MemoryConfig? memory = null, int epochs = 1) => MethodConfig.Quick with
    {
        Training = TrainingConfig.Quick with { LearnerEpochs = epochs, VaeEpochs = epochs, BatchSize = 32 },
        Networks = NetworkConfig.Quick with
        {
            LearnerHidden = [16], VaeHidden = [32], VaeLatent = 4,
            SttmLearnerHidden = [8], SttmVaeHidden = [16], SttmVaeLatent = 2,
        },
        Memory = memory ?? MemoryConfig.Quick,
    };

    public static MethodContext Context(MemoryConfig? memory = null, long seed = 7, long trainSize = 640) =>
        new(Classes, seed, CPU, Config(memory), trainSize);

    public static GenerativeMemory Memory(string name = "ltm", MemoryConfig? memory = null, long seed = 3, int epochs = 1)
    {
        var c = Config(memory, epochs);
        return new GenerativeMemory(name, MemoryArchitecture.LongTerm(c.Networks), Classes, c.Training, c.Memory, seed, CPU);
    }

    /// <summary>Same shape and identical values.</summary>
    public static bool Same(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        return a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();
    }
}
