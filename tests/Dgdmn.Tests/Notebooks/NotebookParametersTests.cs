using Dgdmn.Experiments;
using Dgdmn.Notebooks;
using Dgdmn.Tests.Experiments;

namespace Dgdmn.Tests.Notebooks;

[Collection(EnvironmentCollection.Name)]
public sealed class NotebookParametersTests
{
    private static readonly string[] Names = ["DGDMN_SCALE", "DGDMN_SEEDS", "DGDMN_OUT", "DGDMN_DATASET", "DGDMN_DEVICE"];

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
    [InlineData("DGDMN_DEVICE", "gpu")]
    [InlineData("DGDMN_DEVICE", "cuda")]     // this build is TorchSharp-cpu: no GPU, whatever the machine has
    public void InvalidValuesNameTheVariable(string name, string value)
    {
        WithEnvironment([(name, value)], () =>
        {
            var e = Assert.Throws<ArgumentException>(() => NotebookParameters.FromEnvironment());
            Assert.Contains(name, e.Message);
            Assert.Contains(value, e.Message);
        });
    }

    [Fact]
    public void TheDeviceDefaultsToTheCpuAndReachesTheRunner()
    {
        WithEnvironment([], () =>
        {
            var p = NotebookParameters.FromEnvironment();
            Assert.Equal("cpu", p.Device);
            Assert.Equal(TorchSharp.DeviceType.CPU, p.TorchDevice.type);
            // p.Runner() composes onto given options: on the CPU it gives the plain runner's result.
            var definition = Fakes.Definition("device");
            var request = new RunRequest { Seeds = [1], UseCache = false };
            Assert.Equal(new ExperimentRunner(Fakes.Runner(new LearnLog())).Run(definition, request).Accuracy,
                         p.Runner(Fakes.Runner(new LearnLog())).Run(definition, request).Accuracy);
        });
        WithEnvironment([("DGDMN_DEVICE", "cpu")], () => Assert.Equal("cpu", NotebookParameters.FromEnvironment().Device));
        Assert.Contains("cpu, cuda or cuda:N", Assert.Throws<FormatException>(() => new NotebookParameters { Device = "tpu" }.TorchDevice).Message);
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
