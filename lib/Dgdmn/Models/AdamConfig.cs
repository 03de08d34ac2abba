namespace Dgdmn.Models;

/// <summary>
/// Adam's settings for the community protocol (van de Ven et al., spec §9: lr 1e-3 from
/// <see cref="TrainingConfig.LearningRate"/>, β 0.9 / 0.999, ε from <see cref="TrainingConfig.Epsilon"/>).
/// </summary>
public sealed record AdamConfig
{
    /// <summary>Decay of the first-moment estimate (0.9).</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Decay of the second-moment estimate (0.999).</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>
    /// Keep each model's moment estimates from one task to the next, as the community's code does with one
    /// optimiser per model (true); false starts each training call afresh, as the kit's RMSProp does.
    /// </summary>
    public bool KeepStateAcrossTasks { get; init; } = true;

    /// <summary>Throws naming the first invalid field.</summary>
    public void Validate()
    {
        if (Beta1 is < 0 or >= 1 || double.IsNaN(Beta1)) throw new ArgumentException($"AdamConfig.Beta1 must be in [0, 1) (got {Beta1}).");
        if (Beta2 is < 0 or >= 1 || double.IsNaN(Beta2)) throw new ArgumentException($"AdamConfig.Beta2 must be in [0, 1) (got {Beta2}).");
    }
}
