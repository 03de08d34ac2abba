using Dgdmn.Data;
using Dgdmn.Experiments;

namespace Dgdmn.Cli;

/// <summary>Where a command writes and what it runs with; tests pass string writers and fake factories.</summary>
/// <param name="Out">Normal output (tables, lists, progress).</param>
/// <param name="Error">One-line error messages.</param>
/// <param name="Interactive">Whether <paramref name="Out"/> is a terminal (redraws a progress bar) or a log (one line per event).</param>
/// <param name="Runner">Factories and device for runs; null: <see cref="KitFactories"/> on the CPU.</param>
/// <param name="Data">Where the <c>data</c> command looks and fetches; null: <see cref="DatasetLocator.Default"/>.</param>
public sealed record CliEnvironment(TextWriter Out, TextWriter Error, bool Interactive = false, RunnerOptions? Runner = null, DatasetLocator? Data = null);

/// <summary>A usage error: reported as one line with <see cref="ExitCodes.Usage"/> (or the given code).</summary>
public sealed class CliException(string message, int exitCode = ExitCodes.Usage) : Exception(message)
{
    /// <summary>Exit code to return.</summary>
    public int ExitCode { get; } = exitCode;
}
