namespace Dgdmn.IO;

/// <summary>A fresh temporary folder, deleted (best effort) when disposed.</summary>
public sealed class TempFolder : IDisposable
{
    /// <summary>Creates a folder under the system temp path whose name starts with <paramref name="prefix"/>.</summary>
    public TempFolder(string prefix) => Path = Directory.CreateTempSubdirectory(prefix).FullName;

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>A path inside the folder.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Deletes the folder; a file a lingering helper process still holds leaves it for the system to clean.</summary>
    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
