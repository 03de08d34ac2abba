using Dgdmn.Data;
using Dgdmn.Methods;

namespace Dgdmn.Experiments;

/// <summary>
/// Every experiment of the kit by name (spec §6, §7, §9): what <c>Dgdmn.Cli list</c> prints and
/// <c>run NAME</c> runs. (Named "registry" rather than "Experiments" so it does not clash with its namespace.)
/// </summary>
/// <remarks>
/// Quick scale caps the samples per task and uses <see cref="MethodConfig.Quick"/>, aiming at well under a
/// minute per experiment on a 2-core CPU with one seed; Paper scale uses the full data and the paper's settings.
/// </remarks>
public static class ExperimentRegistry
{
    private static readonly Benchmark Digits = new("digits");
    private static readonly Benchmark Permnist = new("permnist", Parameters: new PermnistParameters(Tasks: 6, Fraction: 1.0));
    private static readonly Benchmark TDigits = new("tdigits");
    private static readonly Benchmark Shapes = new("shapes");
    private static readonly Benchmark Hindi = new("hindi");

    /// <summary>Every experiment, in the order <c>list</c> prints them.</summary>
    public static IReadOnlyList<ExperimentDefinition> All { get; } =
    [
        new()
        {
            Name = "quick-start",
            Description = "Shapes, 6 one-shape tasks, 6-way head: NN vs DGDMN, the problem and the fix in about a minute (notebook 00; v2 table row).",
            Benchmarks = [Shapes], Methods = ["nn", "dgdmn"], TargetBenchmarks = ["shapes"],
            ConfigureStreams = Caps(500, 200),   // Shapes is drawn, not read: more rows per task cost only training time
        },
        new()
        {
            Name = "digits",
            Description = "Digits, 10 one-class tasks, 10-way head, class-incremental: all eight methods (Figs. 3d-f and 4b, v2 table row).",
            Benchmarks = [Digits], Methods = MethodCatalog.Names, TargetBenchmarks = ["digits"],
            ConfigureStreams = Caps(200, 100),
        },
        new()
        {
            Name = "permnist",
            Description = "Permnist, 6 tasks (identity then 5 full pixel permutations), shared 10-way head: all eight methods (Figs. 3a-c and 4a, v2 table row).",
            Benchmarks = [Permnist], Methods = MethodCatalog.Names, TargetBenchmarks = ["permnist"],
            ConfigureStreams = Caps(300, 200),
        },
        new()
        {
            Name = "tdigits",
            Description = "TDigits, 40 one-class tasks (digits x 4 transforms), N_max = half the training set, kappa 0.05, n_STM 5: DGR vs DGDMN, accuracy and wall-clock (Fig. 5, claims C5, C6). " +
                $"Paper scale keeps the paper's schedule but {TDigitsPaperTrainPerTask:N0} of the ~6,000 training images per task (N_max 40,000), so both methods finish in one session.",
            Benchmarks = [TDigits], Methods = ["dgr", "dgdmn"], TargetBenchmarks = ["tdigits"],
            NMaxShareOfTrainSet = 0.5,
            ConfigureMethods = TDigitsMethods,
            ConfigureStreams = TDigitsStreams,
        },
        new()
        {
            Name = "robustness",
            Description = "One DGM (LTM networks, a single DGR update on all digits) vs NN, scored under Gaussian noise and central occlusion (Fig. 6, claim C9).",
            Benchmarks = [Digits], Methods = ["nn", "dgr"], TargetBenchmarks = ["robustness-noise", "robustness-occlusion"],
            ConfigureStreams = Caps(300, 100),
            Body = RobustnessExperiment.Run,
        },
        new()
        {
            Name = "v2-table",
            Description = "The v2 ACC/BWT table (spec 6.1) for all eight methods on Digits, Permnist, Shapes and Hindi.",
            Benchmarks = [Digits, Permnist, Shapes, Hindi], Methods = MethodCatalog.Names,
            TargetBenchmarks = ["digits", "permnist", "shapes", "hindi"],
            ConfigureStreams = Caps(100, 50),
        },
        new()
        {
            Name = "no-descriptors",
            Description = "Digits with and without task descriptors: DGDMN vs DGDMN routing by reconstruction error, gamma 1.55 (spec 2.6, claim C13).",
            Benchmarks = [Digits], Methods = ["dgdmn"],
            ConfigureStreams = Caps(200, 100),
            Body = NoDescriptorsExperiment.Run,
        },
        new()
        {
            Name = "sensitivity",
            Description = "DGDMN on Digits with N_max halved, sweeping kappa and n_STM one at a time (spec 2.7, claims C7, C11).",
            Benchmarks = [Digits], Methods = ["dgdmn"], NMaxShareOfTrainSet = 0.5,
            ConfigureStreams = Caps(100, 50),
            Body = SensitivityExperiment.Run,
        },
        new()
        {
            Name = "forgetting",
            Description = "DGDMN on TDigits with the tdigits experiment's settings, sweeping kappa: once N_max binds, kappa decides how much of each sleep's budget the new tasks get, and so which tasks are forgotten (spec 2.7, claims C7, C11).",
            Benchmarks = [TDigits], Methods = ["dgdmn"],
            NMaxShareOfTrainSet = 0.5,
            ConfigureMethods = TDigitsMethods,
            ConfigureStreams = TDigitsStreams,
            Body = SensitivityExperiment.RunKappa,
        },
        new()
        {
            Name = "revision",
            Description = "Revision of repeated tasks: DGDMN learns Digits 1..10, then tasks 1, 2, 3 again, the same network revised with and without the LTM's reconstructions as extra STTM data (spec 2.5, claim C8).",
            Benchmarks = [Digits], Methods = ["dgdmn"],
            ConfigureStreams = Caps(200, 100),
            Body = RevisionExperiment.Run,
        },
        new()
        {
            Name = "generative-replay",
            Description = "Community check of the kit's DGR: split MNIST (5 tasks x 2 digits), class-incremental, no task id at test, against NN, EWC, ER, DGDMN and Joint (spec 9.1 anchors 4-6, 9). Paper scale runs the community protocol (MethodConfig.Community), quick scale the paper's recipe.",
            Benchmarks = [new Benchmark("split-mnist", Scenario.ClassIncremental, TaskIdAtTest: false)],
            Methods = ["nn", "ewc", "er", "dgr", "dgdmn", "joint"], TargetBenchmarks = ["split-mnist"],
            ConfigureMethods = CommunityAtPaperScale,
            ConfigureStreams = Caps(200, 100),
        },
        new()
        {
            Name = "split-mnist",
            Description = "Split MNIST in the three scenarios: class-IL (10-way, no task id), task-IL (scores masked to the task's classes) and domain-IL (labels mod 2) (spec 9.1 anchors 7, 8; weakness W2). Paper scale runs the community protocol (MethodConfig.Community).",
            Benchmarks =
            [
                new Benchmark("split-mnist", Scenario.ClassIncremental, Label: "class", TaskIdAtTest: false),
                new Benchmark("split-mnist", Scenario.TaskIncremental, Label: "task"),
                new Benchmark("split-mnist", Scenario.DomainIncremental, new SplitMnistParameters(DomainLabels: true), Label: "domain"),
            ],
            Methods = ["nn", "ewc", "er", "dgr", "joint"], TargetBenchmarks = ["split-mnist"],
            ConfigureMethods = CommunityAtPaperScale,
            ConfigureStreams = Caps(200, 100),
        },
    ];

    /// <summary>Experiment names in <see cref="All"/> order.</summary>
    public static IReadOnlyList<string> Names => All.Select(e => e.Name).ToList();

    /// <summary>The experiment called <paramref name="name"/>, or null.</summary>
    public static ExperimentDefinition? Find(string name) => All.FirstOrDefault(e => e.Name == name);

    /// <summary>The experiment called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No such experiment; the message lists the valid names.</exception>
    public static ExperimentDefinition Get(string name) => Find(name)
        ?? throw new ArgumentException($"Unknown experiment '{name}'. Valid: {string.Join(", ", Names)}.", nameof(name));

    /// <summary>
    /// Training images per task of TDigits at paper scale: 2,000 of the ≈ 6,000 the paper uses. At full size DGR
    /// replays up to 120,000 rows per task for 40 tasks, about four CPU hours here, longer than a session; a third
    /// of it keeps N_max binding from task 20 as in the paper and finishes in one. A knob of TrainPerTask = 7000
    /// (more than any digit has) runs the full size.
    /// </summary>
    public const int TDigitsPaperTrainPerTask = 2000;

    // TDigits (spec §3.4): κ 0.05, n_STM 5; quick scale halves the epochs of a 40-task stream.
    private static MethodConfig TDigitsMethods(MethodConfig c, Scale scale) => c with
    {
        Memory = c.Memory with { Kappa = 0.05, NStm = 5 },
        Training = scale == Scale.Quick ? c.Training with { LearnerEpochs = 2, VaeEpochs = 4 } : c.Training,
    };

    private static StreamOptions TDigitsStreams(StreamOptions options, Scale scale) =>
        scale == Scale.Quick ? options with { TrainPerTask = 60, TestPerTask = 30 } : options with { TrainPerTask = TDigitsPaperTrainPerTask };

    // The community checks compare with van de Ven et al.'s numbers, so at paper scale they run that protocol
    // (MethodConfig.Community), not the paper's; Digits, Permnist and TDigits keep the paper's.
    private static MethodConfig CommunityAtPaperScale(MethodConfig config, Scale scale) => scale == Scale.Paper ? MethodConfig.Community : config;

    /// <summary>At Quick scale, at most <paramref name="train"/> / <paramref name="test"/> samples per task; Paper scale unchanged.</summary>
    private static Func<StreamOptions, Scale, StreamOptions> Caps(int train, int test) =>
        (options, scale) => scale == Scale.Quick ? options with { TrainPerTask = train, TestPerTask = test } : options;
}
