namespace Dgdmn.Tests.Notebooks;

/// <summary>Tests that set DGDMN_* variables or start processes that inherit them run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class EnvironmentCollection
{
    internal const string Name = "Process environment";
}
