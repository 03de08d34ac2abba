namespace Dgdmn.Models;

/// <summary>
/// An optimiser the kit's training loop can step: the Scalar-safe <see cref="RmsProp"/> (the paper's) and
/// <see cref="Adam"/> (the community protocol's). Its state can be saved, so one kept across tasks resumes exactly.
/// </summary>
public interface IOptimizer : IDisposable
{
    /// <summary>Sets every gradient to zero (keeping them allocated: backward then adds into them).</summary>
    void ZeroGrad();

    /// <summary>One update of every parameter; one that received no gradient is updated as with a zero gradient.</summary>
    void Step();

    /// <summary>Writes the optimiser's state (moment estimates, step count).</summary>
    void Save(BinaryWriter writer);

    /// <summary>Restores what <see cref="Save"/> wrote for the same parameters.</summary>
    void Load(BinaryReader reader);
}
