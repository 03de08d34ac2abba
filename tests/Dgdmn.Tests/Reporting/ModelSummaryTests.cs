using Dgdmn.Memory;
using Dgdmn.Methods;
using Dgdmn.Models;
using Dgdmn.Reporting;
using Dgdmn.Tests.Notebooks;

namespace Dgdmn.Tests.Reporting;

public sealed class ModelSummaryTests
{
    [Fact]
    public void ParameterCountsAreThoseOfTheModulesTheKitBuilds()
    {
        var config = MethodConfig.Paper;
        var table = ModelSummary.Of(config, classes: 10);
        long Count(int row) => (long)table.Rows[row]["parameters"]!;
        Assert.Equal(6, table.Rows.Count);
        foreach (var (offset, arch) in new[] { (0, MemoryArchitecture.ShortTerm(config.Networks)), (3, MemoryArchitecture.LongTerm(config.Networks)) })
        {
            using var learner = new Learner("l", arch.Inputs, arch.LearnerHidden, 10);
            using var vae = new Vae("v", arch.Inputs, arch.VaeHidden, arch.VaeLatent);
            Assert.Equal(learner.parameters().Sum(p => p.numel()), Count(offset));
            Assert.Equal(vae.parameters().Sum(p => p.numel()), Count(offset + 1) + Count(offset + 2));
        }
        Assert.Equal("784 → 48 → 10", table.Rows[0]["layers"]);
        Assert.Equal("STTM (× 5)".Replace("5", config.Memory.NStm.ToString()), table.Rows[0]["memory"]);
    }

    [Fact]
    public void TheCommittedArchitectureFigureIsTheOneTheKitDraws()
    {
        // docs/method.md shows this picture; it must follow the paper configuration. DGDMN_UPDATE_FIGURES=1 rewrites it.
        var path = Path.Combine(RepoPaths.Root, "docs", "figures", "dgdmn-architecture.svg");
        var drawn = ModelSummary.ArchitectureSvg(MethodConfig.Paper, classes: 10);
        if (Environment.GetEnvironmentVariable("DGDMN_UPDATE_FIGURES") == "1") File.WriteAllText(path, drawn);
        Assert.True(File.Exists(path), $"{path} is missing; run the tests once with DGDMN_UPDATE_FIGURES=1.");
        Assert.Equal(drawn, File.ReadAllText(path));
        Assert.Contains("DGR_TRAIN", drawn);
        System.Xml.Linq.XDocument.Parse(drawn);   // well-formed SVG
    }
}
