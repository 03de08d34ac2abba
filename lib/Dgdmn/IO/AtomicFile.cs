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
    public static void Write(string path, Action<string> write)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot create folder '{folder}' for '{full}': {e.Message} Choose a writable output folder.", e);
        }
        var temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            write(temp);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Writes <paramref name="bytes"/> atomically.</summary>
    public static void WriteAllBytes(string path, byte[] bytes) => Write(path, t => File.WriteAllBytes(t, bytes));

    /// <summary>Writes UTF-8 <paramref name="text"/> atomically.</summary>
    public static void WriteAllText(string path, string text) => Write(path, t => File.WriteAllText(t, text));
}
