namespace Dgdmn.Cli;

/// <summary>Process exit codes of <c>Dgdmn.Cli</c> (scripts depend on them).</summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>A run failed (training error, damaged checkpoint or cache, missing data).</summary>
    public const int Failed = 1;

    /// <summary>Bad usage: unknown experiment or method, bad scale or seeds, unparsable arguments.</summary>
    public const int Usage = 2;

    /// <summary>The output folder cannot be written.</summary>
    public const int Unwritable = 3;
}
