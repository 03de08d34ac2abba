namespace Dgdmn.Cli;

/// <summary>Entry point of <c>Dgdmn.Cli</c>: configures libtorch, then hands over to <see cref="CliApp"/>.</summary>
public static class Program
{
    /// <summary>Runs the command line; returns the process exit code (see <see cref="ExitCodes"/>).</summary>
    public static int Main(string[] args)
    {
        TorchSetup.Configure();
        return CliApp.Run(args, new CliEnvironment(Console.Out, Console.Error, Interactive: !Console.IsOutputRedirected));
    }
}
