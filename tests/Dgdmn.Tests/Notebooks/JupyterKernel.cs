namespace Dgdmn.Tests.Notebooks;

/// <summary>
/// The dotnet-interactive Jupyter kernel from the repository's tool manifest (.config/dotnet-tools.json), installed
/// into a private JUPYTER_PATH under artifacts/ so nothing in the user's Jupyter setup is touched.
/// </summary>
internal sealed class JupyterKernel
{
    internal const string JupyterExe = "/usr/bin/jupyter";   // Debian's; a pyenv python3 on PATH lacks nbclient
    private static readonly object Gate = new();
    private static JupyterKernel? _installed;

    private JupyterKernel(IReadOnlyDictionary<string, string> environment) => Environment = environment;

    /// <summary>JUPYTER_* variables that point Jupyter at the private kernel folder.</summary>
    internal IReadOnlyDictionary<string, string> Environment { get; }

    internal static JupyterKernel Install()
    {
        lock (Gate)
        {
            if (_installed is not null) return _installed;
            if (!File.Exists(JupyterExe))
                throw new InvalidOperationException($"{JupyterExe} is missing. Install Jupyter: apt-get install -y jupyter-nbconvert python3-nbclient python3-ipykernel jupyter-client");
            var root = RepoPaths.Root;
            var (code, output) = RepoPaths.Run("dotnet", ["tool", "restore"], root, TimeSpan.FromMinutes(5));
            Assert.True(code == 0, $"dotnet tool restore failed (needs Microsoft.dotnet-interactive 1.0.712001 from .config/dotnet-tools.json):\n{output}");
            var dir = Path.Combine(root, "artifacts", "jupyter");
            var env = new Dictionary<string, string>
            {
                ["JUPYTER_PATH"] = dir, ["JUPYTER_DATA_DIR"] = dir,
                ["JUPYTER_RUNTIME_DIR"] = Path.Combine(dir, "runtime"), ["JUPYTER_CONFIG_DIR"] = Path.Combine(dir, "config"),
            };
            Directory.CreateDirectory(Path.Combine(dir, "kernels"));
            (code, output) = RepoPaths.Run("dotnet", ["interactive", "jupyter", "install", "--path", Path.Combine(dir, "kernels")], root, TimeSpan.FromMinutes(2), env);
            Assert.True(code == 0 && File.Exists(Path.Combine(dir, "kernels", ".net-csharp", "kernel.json")),
                $"dotnet interactive jupyter install failed:\n{output}");
            (code, output) = RepoPaths.Run(JupyterExe, ["nbconvert", "--version"], root, TimeSpan.FromMinutes(1), env);
            Assert.True(code == 0, $"jupyter nbconvert is not usable; apt-get install -y jupyter-nbconvert python3-nbclient python3-ipykernel jupyter-client:\n{output}");
            return _installed = new JupyterKernel(env);
        }
    }
}
