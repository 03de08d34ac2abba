using Dgdmn.Experiments;
using Dgdmn.Notebooks;

namespace Dgdmn.Tests.Notebooks;

[Collection(EnvironmentCollection.Name)]
public sealed class NotebookParametersTests
{
    private static readonly string[] Names = ["DGDMN_SCALE", "DGDMN_SEEDS", "DGDMN_OUT"];

    [Fact]
    public void DefaultsApplyWhenNoVariableIsSet()
    {
        WithEnvironment([], () =>
        {
            var p = NotebookParameters.FromEnvironment(new NotebookParameters { Seeds = 3, OutputDirectory = "results/x" });
            Assert.Equal(Scale.Quick, p.Scale);
            Assert.False(p.IsPaper);
            Assert.Equal(3, p.Seeds);
            Assert.Equal(Path.GetFullPath("results/x"), p.OutputDirectory);
        });
    }

    [Fact]
    public void VariablesOverrideTheNotebookDefaults()
    {
        var outDir = Path.Combine(Path.GetTempPath(), "dgdmn-params");
        WithEnvironment([("DGDMN_SCALE", "Paper"), ("DGDMN_SEEDS", "5"), ("DGDMN_OUT", outDir)], () =>
        {
            var p = NotebookParameters.FromEnvironment(new NotebookParameters { Seeds = 1 });
            Assert.Equal(Scale.Paper, p.Scale);
            Assert.True(p.IsPaper);
            Assert.Equal(5, p.Seeds);
            Assert.Equal(outDir, p.OutputDirectory);
        });
    }

    [Theory]
    [InlineData("DGDMN_SCALE", "huge")]
    [InlineData("DGDMN_SEEDS", "0")]
    [InlineData("DGDMN_SEEDS", "three")]
    public void InvalidValuesNameTheVariable(string name, string value)
    {
        WithEnvironment([(name, value)], () =>
        {
            var e = Assert.Throws<ArgumentException>(() => NotebookParameters.FromEnvironment());
            Assert.Contains(name, e.Message);
            Assert.Contains(value, e.Message);
        });
    }

    private static void WithEnvironment((string Name, string Value)[] values, Action body)
    {
        var saved = Names.ToDictionary(n => n, Environment.GetEnvironmentVariable);
        try
        {
            foreach (var n in Names) Environment.SetEnvironmentVariable(n, null);
            foreach (var (n, v) in values) Environment.SetEnvironmentVariable(n, v);
            body();
        }
        finally
        {
            foreach (var (n, v) in saved) Environment.SetEnvironmentVariable(n, v);
        }
    }
}
