using Dgdmn.Experiments;
using Dgdmn.Notebooks;
using Dgdmn.Tests.Experiments;

namespace Dgdmn.Tests.Notebooks;

public sealed class KnobsTests
{
    [Fact]
    public void KnobsComposeOntoTheExperimentsOwnSettings()
    {
        var tdigits = ExperimentRegistry.Get("tdigits");
        var edited = new Knobs { Variant = "latent8", VaeLatent = 8, Kappa = 0.1 }.ApplyTo(tdigits);
        var own = tdigits.MethodConfigFor(Scale.Quick);
        var mine = edited.MethodConfigFor(Scale.Quick);
        Assert.Equal("tdigits+latent8", edited.Name);
        Assert.Equal((8, 0.1), (mine.Networks.VaeLatent, mine.Memory.Kappa));
        // TDigits' own quick epochs and n_STM survive (replacing ConfigureMethods would drop them).
        Assert.Equal((own.Training.LearnerEpochs, own.Training.VaeEpochs, own.Memory.NStm), (mine.Training.LearnerEpochs, mine.Training.VaeEpochs, mine.Memory.NStm));
        Assert.Equal(tdigits.StreamOptionsFor(Scale.Quick), edited.StreamOptionsFor(Scale.Quick));
        Assert.Same(tdigits, new Knobs().ApplyTo(tdigits));                       // nothing set: the baseline itself
        Assert.Contains("Variant", Assert.Throws<ArgumentException>(() => new Knobs { Kappa = 0.1 }.ApplyTo(tdigits)).Message);
        Assert.Contains("does not run ewc", Assert.Throws<ArgumentException>(() => new Knobs { Variant = "v", Methods = ["ewc"] }.ApplyTo(tdigits)).Message);

        // Configure reaches any other setting, last and on top: the experiment's epochs and the knobs above stay.
        var raw = new Knobs { Variant = "raw", NStm = 3, Configure = c => c with { Memory = c.Memory with { ReconstructInputs = false } } }.ApplyTo(tdigits).MethodConfigFor(Scale.Quick);
        Assert.Equal((false, 3, own.Training.LearnerEpochs, own.Training.VaeEpochs), (raw.Memory.ReconstructInputs, raw.Memory.NStm, raw.Training.LearnerEpochs, raw.Training.VaeEpochs));
        Assert.True(own.Memory.ReconstructInputs);
        Assert.Contains("Variant", Assert.Throws<ArgumentException>(() => new Knobs { Configure = c => c }.ApplyTo(tdigits)).Message);

        var table = new Knobs { Variant = "latent8", VaeLatent = 8 }.Resolved(tdigits, Scale.Quick);
        var latent = table.Rows.Single(r => (string)r["setting"] == "LTM VAE latent");
        Assert.Equal((own.Networks.VaeLatent.ToString(), "8"), ((string)latent["experiment"], (string)latent["this run"]));

        // Iterations switches a paper-schedule experiment to steps, and changes a community one's step count.
        var steps = new Knobs { Variant = "steps500", Iterations = 500 };
        Assert.Null(own.Training.Iterations);
        Assert.Equal(500, steps.ApplyTo(tdigits).MethodConfigFor(Scale.Quick).Training.Iterations);
        var community = ExperimentRegistry.Get("generative-replay");
        Assert.Equal(2000, community.MethodConfigFor(Scale.Paper).Training.Iterations);
        Assert.Equal(500, steps.ApplyTo(community).MethodConfigFor(Scale.Paper).Training.Iterations);
        var row = steps.Resolved(community, Scale.Paper).Rows.Single(r => ((string)r["setting"]).StartsWith("optimiser steps", StringComparison.Ordinal));
        Assert.Equal(("2000", "500"), ((string)row["experiment"], (string)row["this run"]));
    }

    [Fact]
    public void AnEditedRunGetsItsOwnFolderAndIsDrawnBesideTheBaseline()
    {
        var root = Fakes.TempFolder();
        var definition = Fakes.Definition();
        var runner = new ExperimentRunner(Fakes.Runner(new LearnLog()));
        var baseline = runner.Run(definition, new RunRequest { OutputRoot = root, Seeds = [1] });
        var knobs = new Knobs { Variant = "fewer", TrainPerTask = 8 };
        var edited = runner.Run(knobs.ApplyTo(definition), new RunRequest { OutputRoot = root, Seeds = [1] });
        Assert.True(Directory.Exists(Path.Combine(root, definition.Name)) && Directory.Exists(Path.Combine(root, definition.Name + "+fewer")));
        Assert.False(edited.FromCache);
        var both = knobs.Beside(baseline, edited);
        Assert.Equal(baseline.Accuracy.Count * 2, both.Accuracy.Count);
        Assert.Equal(both.Summary().Count, 2 * baseline.Summary().Count);
        Assert.Contains(both.Summary(), r => r.Variant == "fewer" && r.Experiment == baseline.Summary()[0].Experiment);
    }
}
