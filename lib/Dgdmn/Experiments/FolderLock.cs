using System.Diagnostics;
using System.Globalization;

namespace Dgdmn.Experiments;

/// <summary>
/// Exclusive use of an experiment's output folder by one run, so a second run into the same folder fails at
/// once instead of silently overwriting the first one's results. The lock is an OS file lock on
/// <see cref="FileName"/> (flock on Linux, held while the file is open): a killed process releases it, so a
/// stale lock is taken over without any guessing. Who holds it is written beside it for the message.
/// </summary>
public sealed class FolderLock : IDisposable
{
    /// <summary>Lock file inside the locked folder.</summary>
    public const string FileName = ".run.lock";

    /// <summary>Holder description (process id, start time, command) inside the locked folder.</summary>
    public const string OwnerFileName = ".run.lock.owner";

    private readonly FileStream _stream;
    private readonly string _owner;

    private FolderLock(FileStream stream, string owner) { _stream = stream; _owner = owner; }

    /// <summary>Takes the lock of <paramref name="folder"/> (created if needed).</summary>
    /// <param name="folder">The experiment's output folder.</param>
    /// <param name="wait">How long to wait for another run to finish; zero fails at once.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <exception cref="IOException">Another live process holds it; the message names that process and the choices.</exception>
    public static FolderLock Acquire(string folder, TimeSpan wait = default, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, FileName);
        var owner = Path.Combine(folder, OwnerFileName);
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            try
            {
                // FileShare.None: .NET takes an exclusive advisory lock on Unix and a sharing lock on Windows.
                var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                var me = Process.GetCurrentProcess();
                File.WriteAllText(owner, string.Create(CultureInfo.InvariantCulture,
                    $"process {me.Id} since {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC: {string.Join(' ', Environment.GetCommandLineArgs())}\n"));
                return new FolderLock(stream, owner);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken).Wait(cancellationToken);
            }
            catch (IOException e)
            {
                var holder = File.Exists(owner) ? File.ReadAllText(owner).Trim() : "another process";
                throw new IOException($"Another run is writing into '{folder}' ({holder}). Wait for it to finish (or use --wait), " +
                    "stop it, or choose another --out folder.", e);
            }
        }
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose()
    {
        try { File.Delete(_owner); } catch (IOException) { }
        _stream.Dispose();
    }
}
