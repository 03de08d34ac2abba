namespace Dgdmn.Tests.Memory;

/// <summary>
/// Tests that compare two training runs bit for bit. The Trainer seeds libtorch's process-wide generator (VAE
/// noise, dropout), so another test training on a parallel thread would interleave draws; this collection runs
/// with no other test in parallel.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchRngCollection
{
    /// <summary>Collection name for <c>[Collection(TorchRngCollection.Name)]</c>.</summary>
    public const string Name = "Torch global RNG";
}
