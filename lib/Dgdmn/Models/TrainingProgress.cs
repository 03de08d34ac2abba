namespace Dgdmn.Models;

/// <summary>Live progress from a training call: one report per finished epoch.</summary>
/// <param name="Method">Method name.</param>
/// <param name="TaskId">Task being learned.</param>
/// <param name="Model">Model being trained, e.g. "sttm0.vae", "ltm.learner", "learner".</param>
/// <param name="Epoch">1-based epoch just finished.</param>
/// <param name="Epochs">Epochs in this training call.</param>
/// <param name="Loss">Mean loss of that epoch.</param>
public sealed record TrainingProgress(string Method, int TaskId, string Model, int Epoch, int Epochs, double Loss);
