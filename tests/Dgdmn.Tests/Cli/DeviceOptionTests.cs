using Dgdmn.Cli;
using Dgdmn.Experiments;
using Dgdmn.Tests.Experiments;
using static TorchSharp.torch;

namespace Dgdmn.Tests.Cli;

/// <summary><c>run --device</c>: cpu works and changes nothing; bad values and absent GPUs are usage errors saying what to give.</summary>
public sealed class DeviceOptionTests
{
    [Theory]
    [InlineData("cpu", -1)]
    [InlineData("cuda", 0)]
    [InlineData("cuda:0", 0)]
    [InlineData("cuda:1", 1)]
    public void ParsesCpuAndCudaWithAnIndex(string text, int index)
    {
        var device = DeviceOption.Parse(text, cudaDevices: 2);
        Assert.Equal(text == "cpu" ? TorchSharp.DeviceType.CPU : TorchSharp.DeviceType.CUDA, device.type);
        if (text != "cpu") Assert.Equal(index, device.index);
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("CUDA")]
    [InlineData("cuda:")]
    [InlineData("cuda:-1")]
    [InlineData("cuda:x")]
    [InlineData("cpu:0")]
    [InlineData("")]
    public void BadValuesNameTheValidForms(string text)
    {
        var e = Assert.Throws<CliException>(() => DeviceOption.Parse(text, cudaDevices: 2));
        Assert.Contains($"'{text}'", e.Message);
        Assert.Contains("cpu, cuda or cuda:N", e.Message);
        Assert.Equal(ExitCodes.Usage, e.ExitCode);
    }

    [Fact]
    public void AGpuThatIsNotThereIsAClearError()
    {
        Assert.Contains("2 CUDA device(s), numbered 0 to 1", Assert.Throws<CliException>(() => DeviceOption.Parse("cuda:2", cudaDevices: 2)).Message);
        // This build is TorchSharp-cpu: no GPU, whatever the machine has.
        Assert.Contains("TorchBackend=cuda", Assert.Throws<CliException>(() => DeviceOption.Parse("cuda")).Message);
    }

    [Fact]
    public void RunAcceptsDeviceCpuWithTheSameResultAndRejectsOthers()
    {
        var log = new LearnLog();
        string[] common = ["run", "digits", "--seeds", "1", "--methods", "nn"];
        var plain = Fakes.TempFolder();
        var cpu = Fakes.TempFolder();
        Assert.Equal(ExitCodes.Ok, CliApp.Run([.. common, "--out", plain], new CliEnvironment(TextWriter.Null, TextWriter.Null, Runner: Fakes.Runner(log))));
        var error = new StringWriter();
        Assert.Equal(ExitCodes.Ok, CliApp.Run([.. common, "--out", cpu, "--device", "cpu"], new CliEnvironment(TextWriter.Null, error, Runner: Fakes.Runner(log))));
        Assert.Equal(File.ReadAllText(Path.Combine(plain, "digits", "results.json")), File.ReadAllText(Path.Combine(cpu, "digits", "results.json")));

        foreach (var bad in new[] { "tpu", "cuda:0" })
        {
            var message = new StringWriter();
            var code = CliApp.Run([.. common, "--out", Fakes.TempFolder(), "--device", bad], new CliEnvironment(TextWriter.Null, message, Runner: Fakes.Runner(log)));
            Assert.Equal(ExitCodes.Usage, code);
            Assert.Contains("--device", message.ToString());
            Assert.Contains(bad, message.ToString());
        }
    }
}
