using System.Globalization;
using Dgdmn.Experiments;
using Microsoft.Data.Analysis;

namespace Dgdmn.Notebooks;

/// <summary>
/// A notebook's ablation in one place: each knob left null keeps the experiment's own setting, each one set is
/// applied <em>on top of</em> the experiment's settings (its quick epochs, caps and memory rules stay), and an
/// edited run gets its own name, results folder and cache, so the baseline is never overwritten.
/// </summary>
/// <example><code>
/// var knobs = new Knobs { Variant = "kappa0.1-latent8", Kappa = 0.1, VaeLatent = 8 };
/// var edited = p.Runner().Run(knobs.ApplyTo(p.Experiment("digits")), p.Request());
/// Figures.AverageSoFar(knobs.Beside(baseline, edited))
/// </code></example>
public sealed record Knobs
{
    /// <summary>Name of this edit (letters, digits, '-', '.', '_'); needed once any knob is set. Its runs are "experiment+Variant".</summary>
    public string? Variant { get; init; }

    /// <summary>κ, the share of N_max kept for new tasks (paper 0.05).</summary>
    public double? Kappa { get; init; }

    /// <summary>n_STM, the number of short-term task memories (paper 2; TDigits 5).</summary>
    public int? NStm { get; init; }

    /// <summary>N_max, the long-term memory's capacity in samples.</summary>
    public long? NMax { get; init; }

    /// <summary>γ of descriptor-free routing.</summary>
    public double? Gamma { get; init; }

    /// <summary>Hidden widths of the long-term memory's VAE (paper [512, 256]).</summary>
    public IReadOnlyList<int>? VaeHidden { get; init; }

    /// <summary>Latent size of the long-term memory's VAE (paper 32).</summary>
    public int? VaeLatent { get; init; }

    /// <summary>Learner (and baseline classifier) epochs per task.</summary>
    public int? LearnerEpochs { get; init; }

    /// <summary>VAE epochs per training call.</summary>
    public int? VaeEpochs { get; init; }

    /// <summary>
    /// Optimiser steps per training call, instead of epochs (the community protocol's schedule: 2,000); null keeps
    /// the experiment's schedule, whichever it is.
    /// </summary>
    public int? Iterations { get; init; }

    /// <summary>Learning rate of every optimiser (paper 1e-3).</summary>
    public double? LearningRate { get; init; }

    /// <summary>Training samples per task (null: the experiment's cap at this scale).</summary>
    public int? TrainPerTask { get; init; }

    /// <summary>Test samples per task.</summary>
    public int? TestPerTask { get; init; }

    /// <summary>Only the stream's first this many tasks (e.g. 5 of Digits' 10; null: all).</summary>
    public int? Tasks { get; init; }

    /// <summary>κ values of the sensitivity and forgetting sweeps (paper {0, 0.025, 0.05, 0.1}; quick {0, 0.05, 0.1}).</summary>
    public IReadOnlyList<double>? Kappas { get; init; }

    /// <summary>n_STM values of the sensitivity sweep (paper {1, 2, 3, 5}; quick {1, 2}).</summary>
    public IReadOnlyList<int>? ShortTermMemories { get; init; }

    /// <summary>Gaussian noise σ values of the robustness curves (paper 0 to 0.3).</summary>
    public IReadOnlyList<double>? NoiseLevels { get; init; }

    /// <summary>Occlusion factors of the robustness curves (paper 0.10 to 0.28).</summary>
    public IReadOnlyList<double>? OcclusionFactors { get; init; }

    /// <summary>Methods to run (a subset of the experiment's).</summary>
    public IReadOnlyList<string>? Methods { get; init; }

    /// <summary>
    /// Any other method setting, e.g. <c>c =&gt; c with { Memory = c.Memory with { ReconstructInputs = false } }</c>:
    /// applied last, to the settings the experiment and the knobs above resolve to, so unlike replacing the
    /// experiment's <see cref="ExperimentDefinition.ConfigureMethods"/> it keeps the experiment's own epochs and caps.
    /// </summary>
    public Func<Dgdmn.Methods.MethodConfig, Dgdmn.Methods.MethodConfig>? Configure { get; init; }

    /// <summary>Whether any knob is set.</summary>
    public bool IsEdited => Kappa is not null || NStm is not null || NMax is not null || Gamma is not null || VaeHidden is not null || VaeLatent is not null
        || LearnerEpochs is not null || VaeEpochs is not null || Iterations is not null || LearningRate is not null || TrainPerTask is not null || TestPerTask is not null
        || Tasks is not null || Grids.IsSet || Methods is not null || Configure is not null;

    // The sweep knobs as the definition's grids.
    private SweepGrids Grids => new() { Kappas = Kappas, ShortTermMemories = ShortTermMemories, NoiseLevels = NoiseLevels, OcclusionFactors = OcclusionFactors };

    /// <summary>
    /// <paramref name="definition"/> with the knobs composed onto its own settings and renamed "name+Variant"; the
    /// definition itself when nothing is set.
    /// </summary>
    /// <exception cref="ArgumentException">Knobs set without a <see cref="Variant"/> name, or a bad name or method.</exception>
    public ExperimentDefinition ApplyTo(ExperimentDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (!IsEdited) return definition;
        if (string.IsNullOrWhiteSpace(Variant) || !Variant.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_'))
            throw new ArgumentException($"Knobs are set, so give the edit a name: Variant = \"kappa0.1\" (letters, digits, '-', '.', '_'; got '{Variant}'). It keeps the baseline's results apart.");
        var unknown = Methods?.Except(definition.Methods).ToList() ?? [];
        if (unknown.Count > 0)
            throw new ArgumentException($"Experiment '{definition.Name}' does not run {string.Join(", ", unknown)}; it runs {string.Join(", ", definition.Methods)}.");
        var methods = definition.ConfigureMethods;
        var streams = definition.ConfigureStreams;
        var own = definition.Grids ?? new SweepGrids();
        var grids = new SweepGrids
        {
            Kappas = Kappas ?? own.Kappas, ShortTermMemories = ShortTermMemories ?? own.ShortTermMemories,
            NoiseLevels = NoiseLevels ?? own.NoiseLevels, OcclusionFactors = OcclusionFactors ?? own.OcclusionFactors,
        };
        grids.Validate();
        if (Kappas is not null && !SensitivityExperiment.SweepsKappa(definition.Body))
            throw new ArgumentException($"Experiment '{definition.Name}' runs no κ sweep (sensitivity and forgetting do); for one setting use Kappa.");
        if (ShortTermMemories is not null && !SensitivityExperiment.SweepsShortTermMemories(definition.Body))
            throw new ArgumentException($"Experiment '{definition.Name}' runs no n_STM sweep (sensitivity does); for one setting use NStm.");
        if ((NoiseLevels ?? (object?)OcclusionFactors) is not null && definition.Body != RobustnessExperiment.Run)
            throw new ArgumentException($"Experiment '{definition.Name}' draws no noise or occlusion curves (robustness does).");
        return definition with
        {
            Grids = grids.IsSet ? grids : definition.Grids,
            Name = $"{definition.Name}+{Variant}",
            Methods = Methods is null ? definition.Methods : definition.Methods.Where(Methods.Contains).ToList(),
            ConfigureMethods = (c, scale) =>
            {
                var own = methods(c, scale);
                var knobbed = own with
                {
                    Memory = own.Memory with { Kappa = Kappa ?? own.Memory.Kappa, NStm = NStm ?? own.Memory.NStm, NMax = NMax ?? own.Memory.NMax, Gamma = Gamma ?? own.Memory.Gamma },
                    Networks = own.Networks with { VaeHidden = VaeHidden ?? own.Networks.VaeHidden, VaeLatent = VaeLatent ?? own.Networks.VaeLatent },
                    Training = own.Training with
                    {
                        LearnerEpochs = LearnerEpochs ?? own.Training.LearnerEpochs, VaeEpochs = VaeEpochs ?? own.Training.VaeEpochs,
                        Iterations = Iterations ?? own.Training.Iterations, LearningRate = LearningRate ?? own.Training.LearningRate,
                    },
                };
                return Configure is null ? knobbed : Configure(knobbed);
            },
            ConfigureStreams = (o, scale) =>
            {
                var own = streams(o, scale);
                return own with { TrainPerTask = TrainPerTask ?? own.TrainPerTask, TestPerTask = TestPerTask ?? own.TestPerTask, Tasks = Tasks ?? own.Tasks };
            },
        };
    }

    /// <summary>The settings a run of <paramref name="definition"/> at <paramref name="scale"/> uses, without and with these knobs.</summary>
    public DataFrame Resolved(ExperimentDefinition definition, Scale scale)
    {
        var edited = ApplyTo(definition);
        (string, Func<ExperimentDefinition, object?>)[] rows =
        [
            ("run name", d => d.Name),
            ("methods", d => string.Join(", ", d.Methods)),
            ("κ (Memory.Kappa)", d => d.MethodConfigFor(scale).Memory.Kappa),
            ("n_STM (Memory.NStm)", d => d.MethodConfigFor(scale).Memory.NStm),
            ("N_max (Memory.NMax; null: from the data)", d => d.NMaxShareOfTrainSet is { } share ? $"{share:0.##} × training set" : d.MethodConfigFor(scale).Memory.NMax),
            ("γ (Memory.Gamma)", d => d.MethodConfigFor(scale).Memory.Gamma),
            ("LTM VAE hidden", d => string.Join(", ", d.MethodConfigFor(scale).Networks.VaeHidden)),
            ("LTM VAE latent", d => d.MethodConfigFor(scale).Networks.VaeLatent),
            ("learner epochs", d => d.MethodConfigFor(scale).Training.LearnerEpochs),
            ("VAE epochs", d => d.MethodConfigFor(scale).Training.VaeEpochs),
            ("optimiser steps per call (null: the epochs above)", d => d.MethodConfigFor(scale).Training.Iterations),
            ("learning rate", d => d.MethodConfigFor(scale).Training.LearningRate),
            ("train samples per task (null: all)", d => d.StreamOptionsFor(scale).TrainPerTask),
            ("test samples per task (null: all)", d => d.StreamOptionsFor(scale).TestPerTask),
            ("tasks per stream (null: all)", d => d.StreamOptionsFor(scale).Tasks),
            ("κ grid (sensitivity, forgetting)", d => SensitivityExperiment.SweepsKappa(d.Body) ? Grid(d.Grids?.Kappas ?? SensitivityExperiment.Kappas(scale)) : "not swept"),
            ("n_STM grid (sensitivity)", d => SensitivityExperiment.SweepsShortTermMemories(d.Body) ? Grid(d.Grids?.ShortTermMemories ?? SensitivityExperiment.ShortTermMemories(scale)) : "not swept"),
            ("noise σ grid (robustness)", d => d.Body == RobustnessExperiment.Run ? Grid(d.Grids?.NoiseLevels ?? RobustnessExperiment.NoiseLevels) : "not swept"),
            ("occlusion grid (robustness)", d => d.Body == RobustnessExperiment.Run ? Grid(d.Grids?.OcclusionFactors ?? RobustnessExperiment.OcclusionFactors) : "not swept"),
        ];
        static string Grid<T>(IEnumerable<T> values) where T : IFormattable => string.Join(", ", values.Select(v => v.ToString(null, CultureInfo.InvariantCulture)));
        static string Text(object? v) => v switch { null => "null", IFormattable f => f.ToString(null, CultureInfo.InvariantCulture), _ => v.ToString() ?? "" };
        return new DataFrame(new StringDataFrameColumn("setting", rows.Select(r => r.Item1)),
            new StringDataFrameColumn("experiment", rows.Select(r => Text(r.Item2(definition)))),
            new StringDataFrameColumn("this run", rows.Select(r => Text(r.Item2(edited)))));
    }

    /// <summary>
    /// One result holding <paramref name="baseline"/> and <paramref name="edited"/> (a run of <see cref="ApplyTo"/>),
    /// the edited units as variant <see cref="Variant"/> of their methods, so any figure draws both side by side.
    /// </summary>
    public RunResult Beside(RunResult baseline, RunResult edited)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(edited);
        if (Variant is null) throw new ArgumentException("Beside needs the edit's Variant name.");
        // The edited run's labels are "experiment+Variant[/benchmark]": map each to the baseline label of the same benchmark.
        var labels = baseline.Labels.Zip(edited.Labels).ToDictionary(p => p.Second.Label, p => p.First.Label);
        string Label(string l) => labels.TryGetValue(l, out var b) ? b : l;
        string Compose(string own) => own.Length == 0 ? Variant : $"{own} {Variant}";   // a sweep's variants stay apart
        return baseline with
        {
            Accuracy = baseline.Accuracy.Concat(edited.Accuracy.Select(a => a with { Experiment = Label(a.Experiment), Variant = Compose(a.Variant) })).ToList(),
            Timings = baseline.Timings.Concat(edited.Timings.Select(t => t with { Experiment = Label(t.Experiment), Variant = Compose(t.Variant) })).ToList(),
            Tables = [],
        };
    }
}
