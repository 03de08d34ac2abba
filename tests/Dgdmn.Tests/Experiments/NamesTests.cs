using Dgdmn.Data;
using Dgdmn.Experiments;

namespace Dgdmn.Tests.Experiments;

/// <summary>One parser each for the names of scales, datasets and scenarios, used by the CLI, notebooks and tables.</summary>
public sealed class NamesTests
{
    [Theory]
    [InlineData("quick", Scale.Quick)]
    [InlineData("Paper", Scale.Paper)]
    [InlineData(" paper ", Scale.Paper)]
    public void ScalesParseCaseInsensitively(string text, Scale scale)
    {
        Assert.Equal(scale, ScaleNames.Parse(text));
        Assert.Equal(scale, ScaleNames.Parse(scale.Name()));
    }

    [Theory]
    [InlineData("mnist", DatasetKind.Mnist)]
    [InlineData("fashion-mnist", DatasetKind.FashionMnist)]
    [InlineData("Fashion", DatasetKind.FashionMnist)]
    [InlineData("fashionmnist", DatasetKind.FashionMnist)]
    public void DatasetsParseWithTheirAliases(string text, DatasetKind kind)
    {
        Assert.Equal(kind, DatasetNames.Parse(text));
        Assert.Equal(kind, DatasetNames.Parse(kind.Name()));
    }

    [Fact]
    public void BadNamesSayWhatIsValid()
    {
        Assert.Contains("use quick or paper", Assert.Throws<FormatException>(() => ScaleNames.Parse("huge")).Message);
        Assert.Contains("use mnist or fashion-mnist", Assert.Throws<FormatException>(() => DatasetNames.Parse("cifar")).Message);
        Assert.Contains("class, task or domain", Assert.Throws<FormatException>(() => ScenarioNames.Parse("online")).Message);
    }

    [Fact]
    public void ScenariosRoundTripTheirShortNames()
    {
        foreach (var scenario in Enum.GetValues<Scenario>())
            Assert.Equal(scenario, ScenarioNames.Parse(scenario.ShortName()));
    }
}
