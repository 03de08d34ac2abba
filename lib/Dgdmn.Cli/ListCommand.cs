using System.CommandLine;
using Dgdmn.Experiments;

namespace Dgdmn.Cli;

/// <summary><c>list</c>: prints one experiment name per line.</summary>
public static class ListCommand
{
    /// <summary>Builds the subcommand.</summary>
    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("list", "Print the experiment names, one per line.");
        command.SetAction(_ =>
        {
            foreach (var name in ExperimentRegistry.Names) environment.Out.WriteLine(name);
            return ExitCodes.Ok;
        });
        return command;
    }
}
