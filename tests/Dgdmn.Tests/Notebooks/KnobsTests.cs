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

    [Fact]
    public void TasksKnobRunsTheFirstTasksOnly()
    {
        var root = Fakes.TempFolder();
        var definition = Fakes.Definition();
        var runner = new ExperimentRunner(Fakes.Runner(new LearnLog()));
        var knobs = new Knobs { Variant = "two", Tasks = 2 };
        var edited = runner.Run(knobs.ApplyTo(definition), new RunRequest { OutputRoot = root, Seeds = [1] });
        Assert.All(edited.Accuracy, a => Assert.True(a.AfterTask < 2 && a.Task < 2, $"task {a.AfterTask}/{a.Task} beyond the first two"));
        Assert.Equal(2 * 2 * definition.Methods.Count, edited.Accuracy.Count(a => a.Variant == ""));   // 2 trained × 2 evaluated
        var row = knobs.Resolved(definition, Scale.Quick).Rows.Single(r => (string)r["setting"] == "tasks per stream (null: all)");
        Assert.Equal(("null", "2"), ((string)row["experiment"], (string)row["this run"]));
        // More tasks than the stream has: one error naming the knob.
        var tooMany = new Knobs { Variant = "many", Tasks = Fakes.Tasks + 1 }.ApplyTo(definition);
        Assert.Contains("Knobs.Tasks", Assert.Throws<ArgumentOutOfRangeException>(() => runner.Run(tooMany, new RunRequest { Seeds = [1] })).Message);
        // Off, the option stays out of the stream options' JSON, so committed configuration hashes do not move.
        Assert.DoesNotContain("Tasks", ExperimentRunner.CanonicalJson(Dgdmn.Data.StreamOptions.Paper));
    }

    [Fact]
    public void SweepGridKnobsSetTheSensitivityAndRobustnessGrids()
    {
        var runner = new ExperimentRunner(Fakes.Runner(new LearnLog()));
        var sweep = Fakes.Definition("fake-sweep") with { Body = SensitivityExperiment.Run, Methods = ["dgdmn"] };
        var knobs = new Knobs { Variant = "wide", Kappas = [0.2, 0.3], ShortTermMemories = [4] };
        var result = runner.Run(knobs.ApplyTo(sweep), new RunRequest { Seeds = [1] });
        var table = result.Tables.Single(t => t.Name == "sweep");
        var points = table.Columns.Single(c => c.Name == "parameter").Texts!.Zip(table.Columns.Single(c => c.Name == "value").Numbers!).ToList();
        Assert.Equal([("kappa", 0.2), ("kappa", 0.3), ("nstm", 4.0)], points);
        var kappaRow = knobs.Resolved(sweep, Scale.Quick).Rows.Single(r => (string)r["setting"] == "κ grid (sensitivity, forgetting)");
        Assert.Equal(("0, 0.05, 0.1", "0.2, 0.3"), ((string)kappaRow["experiment"], (string)kappaRow["this run"]));
        // A grid is part of the run's identity: same name and settings otherwise, another hash.
        var plain = sweep with { Name = "fake-sweep+wide" };
        Assert.NotEqual(ExperimentRunner.ConfigHash(plain, Scale.Quick, ["dgdmn"], [1], "cpu"),
            ExperimentRunner.ConfigHash(knobs.ApplyTo(sweep), Scale.Quick, ["dgdmn"], [1], "cpu"));

        var curves = Fakes.Definition("fake-robust") with { Body = RobustnessExperiment.Run, Methods = ["nn"] };
        var noisy = runner.Run(new Knobs { Variant = "two-levels", NoiseLevels = [0, 0.5], OcclusionFactors = [1] }.ApplyTo(curves), new RunRequest { Seeds = [1] });
        Assert.Equal([0, 0.5], noisy.Tables.Single(t => t.Name == "noise").Columns.Single(c => c.Name == "sigma").Numbers!);
        Assert.Equal([1.0], noisy.Tables.Single(t => t.Name == "occlusion").Columns.Single(c => c.Name == "factor").Numbers!);

        // Traps: a grid for an experiment that does not sweep it, an empty grid, a value out of range.
        var digits = ExperimentRegistry.Get("digits");
        Assert.Contains("no κ sweep", Assert.Throws<ArgumentException>(() => new Knobs { Variant = "v", Kappas = [0.1] }.ApplyTo(digits)).Message);
        // Forgetting sweeps κ alone: its κ grid is a knob, an n_STM grid is refused, and only κ points run.
        var forgetting = ExperimentRegistry.Get("forgetting");
        Assert.Contains("no n_STM sweep", Assert.Throws<ArgumentException>(() => new Knobs { Variant = "v", ShortTermMemories = [3] }.ApplyTo(forgetting)).Message);
        var kappaOnly = Fakes.Definition("fake-kappa") with { Body = SensitivityExperiment.RunKappa, Methods = ["dgdmn"] };
        var kappaRun = runner.Run(new Knobs { Variant = "two", Kappas = [0, 0.1] }.ApplyTo(kappaOnly), new RunRequest { Seeds = [1] });
        Assert.Equal(["kappa=0", "kappa=0.1"], kappaRun.Accuracy.Select(a => a.Variant).Distinct());
        Assert.Equal("not swept", (string)new Knobs().Resolved(forgetting, Scale.Quick).Rows.Single(r => (string)r["setting"] == "n_STM grid (sensitivity)")["experiment"]);
        Assert.Contains("no noise", Assert.Throws<ArgumentException>(() => new Knobs { Variant = "v", NoiseLevels = [0.1] }.ApplyTo(digits)).Message);
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => new Knobs { Variant = "v", Kappas = [] }.ApplyTo(sweep)).Message);
        Assert.Contains("in [0, 1)", Assert.Throws<ArgumentException>(() => new Knobs { Variant = "v", Kappas = [1.5] }.ApplyTo(sweep)).Message);
        Assert.Contains("at least 1", Assert.Throws<ArgumentException>(() => new Knobs { Variant = "v", ShortTermMemories = [0] }.ApplyTo(sweep)).Message);
    }
}
