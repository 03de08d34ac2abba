using System.CommandLine;

namespace Dgdmn.Cli;

/// <summary>
/// The command tree of <c>Dgdmn.Cli</c> (System.CommandLine). Each subcommand lives in its own class with a
/// <c>Create(CliEnvironment)</c> factory; adding one is one line in <see cref="Build"/>.
/// </summary>
public static class CliApp
{
    /// <summary>Parses <paramref name="args"/> and runs the chosen subcommand; returns the exit code.</summary>
    public static int Run(string[] args, CliEnvironment environment)
    {
        var root = Build(environment);
        return root.Parse(args).Invoke(new InvocationConfiguration { Output = environment.Out, Error = environment.Error });
    }

    /// <summary>The root command with every subcommand.</summary>
    public static RootCommand Build(CliEnvironment environment)
    {
        var root = new RootCommand("DGDMN research kit: run the paper's experiments and inspect their results.");
        root.Subcommands.Add(ListCommand.Create(environment));
        root.Subcommands.Add(RunCommand.Create(environment));
        root.Subcommands.Add(ShowCommand.Create(environment));
        root.Subcommands.Add(StreamsCommand.Create(environment));
        root.Subcommands.Add(NotebooksCommand.Create(environment));
        root.Subcommands.Add(ReferenceCommand.Create(environment));
        root.Subcommands.Add(DataCommand.Create(environment));
        root.Subcommands.Add(ClaimsCommand.Create(environment));
        return root;
    }

    /// <summary>Runs <paramref name="body"/>, turning known failures into one-line messages and exit codes.</summary>
    internal static int Guard(CliEnvironment environment, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (CliException e)
        {
            environment.Error.WriteLine($"error: {e.Message}");
            return e.ExitCode;
        }
        catch (OperationCanceledException)
        {
            environment.Error.WriteLine("error: cancelled; rerun with --resume to continue from the last finished task.");
            return ExitCodes.Failed;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or InvalidOperationException or ArgumentException or UnauthorizedAccessException)
        {
            environment.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.Failed;
        }
    }
}
