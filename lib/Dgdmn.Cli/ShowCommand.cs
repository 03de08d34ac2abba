using System.CommandLine;
using Dgdmn.Reporting;
using Dgdmn.Experiments;

namespace Dgdmn.Cli;

/// <summary><c>show DIR/&lt;experiment&gt;</c>: prints an experiment's summary.csv as an aligned table.</summary>
public static class ShowCommand
{
    /// <summary>Builds the subcommand.</summary>
    public static Command Create(CliEnvironment environment)
    {
        var folder = new Argument<string>("folder") { Description = "An experiment's result folder, e.g. results/digits." };
        var command = new Command("show", "Print an experiment's summary (mean ± SEM over seeds) as a table.") { folder };
        command.SetAction(parse => CliApp.Guard(environment, () =>
        {
            var path = Path.Combine(parse.GetValue(folder)!, "summary.csv");
            if (!File.Exists(path)) throw new CliException($"'{path}' does not exist; give a folder written by 'run --out DIR' (DIR/<experiment>).");
            environment.Out.Write(Tables.Format(Tables.LoadSummaryCsv(path)));
            return ExitCodes.Ok;
        }));
        return command;
    }
}
