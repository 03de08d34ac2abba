namespace Dgdmn.NbRun;

/// <summary>Outcome of one code cell.</summary>
/// <param name="Index">1-based position among the notebook's code cells.</param>
/// <param name="FirstLine">The cell's first line, to recognise it in logs.</param>
/// <param name="Passed">True when the cell ran without an error.</param>
/// <param name="Seconds">Wall time of the cell.</param>
/// <param name="Error">The first error message, or null.</param>
public sealed record CellResult(int Index, string FirstLine, bool Passed, double Seconds, string? Error);
