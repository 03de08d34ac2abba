namespace Dgdmn.IO;

/// <summary>
/// Writes files so a reader never sees half of one: the content goes to a temporary file in the same folder,
/// which then replaces the target in one rename. An interrupted write leaves the old file (or none).
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes a file through <paramref name="write"/>, which receives the temporary file's path.</summary>
    /// <param name="path">Target file; its folder is created if needed.</param>
    /// <param name="write">Writes the full content to the path it is given.</param>
    /// <exception cref="IOException">The write failed (e.g. the disk is full); the message names the file, and the old file is unchanged.</exception>
    public static void Write(string path, Action<string> write) => WriteAll([(path, write)]);

    /// <summary>
    /// Writes several files all or nothing: every content goes to its temporary file first, and only when all are
    /// complete are they renamed over their targets, in the order given. A failure while writing (a full disk)
    /// leaves every old file as it was and no temporary file behind.
    /// </summary>
    /// <param name="files">Target paths and what writes each (to the path it is given).</param>
    /// <exception cref="IOException">A write failed; the message names the file, and no target was changed.</exception>
    public static void WriteAll(IReadOnlyList<(string Path, Action<string> Write)> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var staged = new List<(string Temp, string Full)>(files.Count);
        try
        {
            foreach (var (path, write) in files)
            {
                ArgumentException.ThrowIfNullOrWhiteSpace(path);
                ArgumentNullException.ThrowIfNull(write);
                var full = Path.GetFullPath(path);
                var temp = Path.Combine(CreateFolder(full), $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
                staged.Add((temp, full));
                try
                {
                    write(temp);
                }
                catch (IOException e)
                {
                    throw new IOException($"Could not write '{full}': {e.Message} " +
                        (files.Count == 1 ? "The previous file, if any, is unchanged." : "None of the files written with it were changed.") +
                        " Free disk space or choose another output folder.", e);
                }
            }
            foreach (var (temp, full) in staged) File.Move(temp, full, overwrite: true);
        }
        finally
        {
            foreach (var (temp, _) in staged)
                if (File.Exists(temp)) File.Delete(temp);
        }
    }

    private static string CreateFolder(string full)
    {
        var folder = Path.GetDirectoryName(full)!;
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot create folder '{folder}' for '{full}': {e.Message} Choose a writable output folder.", e);
        }
        return folder;
    }

    /// <summary>Writes <paramref name="bytes"/> atomically.</summary>
    public static void WriteAllBytes(string path, byte[] bytes) => Write(path, t => File.WriteAllBytes(t, bytes));

    /// <summary>Writes UTF-8 <paramref name="text"/> atomically.</summary>
    public static void WriteAllText(string path, string text) => Write(path, t => File.WriteAllText(t, text));
}
