namespace Dgdmn.Experiments;

/// <summary>
/// How a prediction is scored (van de Ven and Tolias, https://arxiv.org/abs/1904.07734; spec §9, weakness W2).
/// The model is the same; only the evaluation differs.
/// </summary>
public enum Scenario
{
    /// <summary>
    /// Class-incremental: argmax over the full head (all classes of the benchmark) must equal the label.
    /// The paper's protocol for every dataset (spec §1.3) and the default.
    /// </summary>
    ClassIncremental,

    /// <summary>
    /// Task-incremental: the task is known at test time, so scores are masked to the classes present in that
    /// task's training labels before the argmax; the task id is also passed to the method.
    /// </summary>
    TaskIncremental,

    /// <summary>
    /// Domain-incremental: the task is unknown and only the within-task class matters, so prediction and label
    /// are both taken modulo the classes per task k before comparing. On split MNIST (k = 2) this scores
    /// "first or second digit of its pair" like the community (Hsu et al. 2018, van de Ven's code). The
    /// community trains domain-IL on the folded labels with a k-unit head: a stream built that way (labels
    /// already in [0, k)) makes the fold the identity, so this scoring serves both. On Permnist (k = 10 = head)
    /// it equals class-incremental scoring.
    /// </summary>
    DomainIncremental,
}

/// <summary>The short scenario names of the community and of <c>paper-targets.csv</c>: class, task, domain.</summary>
public static class ScenarioNames
{
    /// <summary>"class", "task" or "domain".</summary>
    public static string ShortName(this Scenario scenario) => scenario switch
    {
        Scenario.TaskIncremental => "task",
        Scenario.DomainIncremental => "domain",
        _ => "class",
    };

    /// <summary>The scenario a short name stands for.</summary>
    /// <exception cref="FormatException">Not class, task or domain.</exception>
    public static Scenario Parse(string shortName) => shortName switch
    {
        "class" => Scenario.ClassIncremental,
        "task" => Scenario.TaskIncremental,
        "domain" => Scenario.DomainIncremental,
        _ => throw new FormatException($"Scenario '{shortName}' is not class, task or domain."),
    };
}
