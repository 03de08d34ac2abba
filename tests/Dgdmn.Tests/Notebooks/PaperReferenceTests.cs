using Dgdmn.Notebooks;
using Microsoft.Data.Analysis;

namespace Dgdmn.Tests.Notebooks;

public sealed class PaperReferenceTests
{
    [Fact]
    public void ClaimsMeasuresTheChecksOnTheCommittedReferenceOrSaysWhyNot()
    {
        // The committed forgetting reference feeds C7 and C11-kappa-td: one row each, measured (not "—").
        var table = Assert.IsType<DataFrame>(PaperReference.Claims("forgetting"));
        var claims = table.Columns["claim"].Cast<string>().ToList();
        Assert.Equal(["C7", "C11-kappa-td"], claims);
        Assert.All(table.Columns["measured"].Cast<string>(), m => Assert.DoesNotContain("—", m));
        // An experiment without a reference gets the one-line reason instead of a table.
        Assert.Contains("No paper-scale reference of 'no-such'", Assert.IsType<string>(PaperReference.Claims("no-such")));
    }
}
