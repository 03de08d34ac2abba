namespace Dgdmn.IO;

/// <summary>Checks up front that results can be written, so a long run never fails only at its end.</summary>
public static class WritableFolder
{
    /// <summary>Creates <paramref name="folder"/> if needed and writes and deletes a probe file in it.</summary>
    /// <exception cref="IOException">The folder cannot be created or written; the message names it and says to choose another --out folder.</exception>
    public static void Ensure(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
            var probe = Path.Combine(folder, $".write-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new IOException($"Output folder '{folder}' is not writable ({e.Message}). Choose another --out folder.", e);
        }
    }
}
