using System.Diagnostics;

namespace Dgdmn.Tests.Reliability;

/// <summary>
/// A folder on its own tmpfs of a few hundred KiB, so a test can fill the disk. Needs root (the kit's CI and dev
/// containers run as root); without it the constructor fails with the reason instead of skipping the test.
/// Unmounted and deleted on dispose.
/// </summary>
public sealed class SizeLimitedFolder : IDisposable
{
    /// <summary>Mounts a tmpfs of <paramref name="kib"/> KiB on a fresh temporary folder.</summary>
    public SizeLimitedFolder(int kib)
    {
        Path = Directory.CreateTempSubdirectory("dgdmn-full-").FullName;
        var (code, output) = Run("mount", "-t", "tmpfs", "-o", $"size={kib}k,mode=0700", "tmpfs", Path);
        if (code != 0)
        {
            Directory.Delete(Path);
            throw new InvalidOperationException($"Cannot mount a {kib} KiB tmpfs on '{Path}' for the disk-full test (exit {code}: {output.Trim()}). " +
                "The test needs root or CAP_SYS_ADMIN (mount -t tmpfs); run it in the kit's container as root.");
        }
    }

    /// <summary>The mounted folder.</summary>
    public string Path { get; }

    /// <summary>A path inside the folder.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Unmounts (lazily if something still holds a file) and deletes the mount point.</summary>
    public void Dispose()
    {
        if (Run("umount", Path).Code != 0) Run("umount", "-l", Path);
        try { Directory.Delete(Path); } catch (IOException) { }
    }

    private static (int Code, string Output) Run(string tool, params string[] args)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        try
        {
            using var p = Process.Start(info)!;
            var output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
            p.WaitForExit();
            return (p.ExitCode, output);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, $"'{tool}' could not be started: {e.Message}");
        }
    }
}
