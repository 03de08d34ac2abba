namespace Dgdmn.Data;

/// <summary>
/// An IDX file (MNIST format) that cannot be used: wrong magic number, wrong image size, truncated, or
/// inconsistent with its partner file. The message names the file, the problem and the fix. (An
/// <see cref="IOException"/> because <see cref="InvalidDataException"/> is sealed.)
/// </summary>
public sealed class IdxFormatException : IOException
{
    /// <summary>Creates the exception for <paramref name="path"/> with a complete message.</summary>
    public IdxFormatException(string path, string message, Exception? inner = null) : base(message, inner)
    {
        Path = path;
    }

    /// <summary>The file that failed validation.</summary>
    public string Path { get; }
}
