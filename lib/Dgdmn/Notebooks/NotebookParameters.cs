using System.Globalization;
using Dgdmn.Data;
using Dgdmn.Experiments;
using Dgdmn.Torch;
using TorchSharp;

namespace Dgdmn.Notebooks;

/// <summary>
/// A notebook's run parameters: the notebook gives defaults, the environment overrides them, so CI and
/// command-line runs change a notebook's scale without editing it. Variables: <c>DGDMN_SCALE</c> (quick | paper),
/// <c>DGDMN_SEEDS</c> (number of seeds), <c>DGDMN_OUT</c> (output folder), <c>DGDMN_DATASET</c> (mnist |
/// fashion-mnist), <c>DGDMN_DEVICE</c> (cpu | cuda | cuda:N).
/// </summary>
public sealed record NotebookParameters
{
    /// <summary>Quick (minutes on a CPU) or Paper (project default: Quick).</summary>
    public Scale Scale { get; init; } = Scale.Quick;

    /// <summary>Number of seeds, run as seeds 1..Seeds (project default: 1).</summary>
    public int Seeds { get; init; } = 1;

    /// <summary>Folder for the notebook's result files (project default: "results", relative to the notebook's folder).</summary>
    public string OutputDirectory { get; init; } = "results";

    /// <summary>Source images of the MNIST-based streams (project default: MNIST; Fashion-MNIST is a harder drop-in).</summary>
    public DatasetKind Dataset { get; init; } = DatasetKind.Mnist;

    /// <summary>
    /// Where tensors live: "cpu" (project default), "cuda" or "cuda:N". CUDA needs the kit built with
    /// -p:TorchBackend=cuda and a GPU (environment.md); untested where the kit is developed.
    /// </summary>
    public string Device { get; init; } = "cpu";

    /// <summary><see cref="Device"/> as a torch device.</summary>
    /// <exception cref="FormatException">Not cpu, cuda or cuda:N.</exception>
    /// <exception cref="ArgumentException">Names a GPU this build or machine does not have.</exception>
    public torch.Device TorchDevice => DeviceNames.Parse(Device);

    /// <summary>A runner that puts streams and methods on <see cref="Device"/>.</summary>
    /// <param name="options">Runner options to start from (default: the kit's streams and methods); their device is replaced.</param>
    public ExperimentRunner Runner(RunnerOptions? options = null) => new((options ?? new RunnerOptions()) with { Device = TorchDevice });

    /// <summary>True for <see cref="Scale.Paper"/>.</summary>
    public bool IsPaper => Scale == Scale.Paper;

    /// <summary>A run request: this scale and dataset, seeds 1..<see cref="Seeds"/>, results cached under <see cref="OutputDirectory"/>.</summary>
    public RunRequest Request() => new() { Scale = Scale, Seeds = RunRequest.SeedRange(Seeds), OutputRoot = OutputDirectory, Dataset = Dataset };

    /// <summary>
    /// The registered experiment <paramref name="name"/> reading <see cref="Dataset"/>, also where its stream options
    /// are used directly (<see cref="ExperimentDefinition.StreamOptionsFor"/>); runs take the dataset from <see cref="Request"/>.
    /// </summary>
    public ExperimentDefinition Experiment(string name) => WithDataset(ExperimentRegistry.Get(name));

    /// <summary><paramref name="definition"/> reading <see cref="Dataset"/> (unchanged for MNIST).</summary>
    public ExperimentDefinition WithDataset(ExperimentDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (Dataset == DatasetKind.Mnist) return definition;
        var configure = definition.ConfigureStreams;
        var dataset = Dataset;
        return definition with { ConfigureStreams = (options, scale) => configure(options, scale) with { Dataset = dataset } };
    }

    /// <summary>
    /// <paramref name="defaults"/> (or the project defaults) overridden by <c>DGDMN_SCALE</c>, <c>DGDMN_SEEDS</c>,
    /// <c>DGDMN_OUT</c>, <c>DGDMN_DATASET</c> and <c>DGDMN_DEVICE</c> where set; <see cref="OutputDirectory"/> comes back as a full path.
    /// </summary>
    /// <exception cref="ArgumentException">A variable holds an invalid value; the message names it and the fix.</exception>
    public static NotebookParameters FromEnvironment(NotebookParameters? defaults = null)
    {
        var p = defaults ?? new NotebookParameters();
        if (Read("DGDMN_SCALE") is { } scale)
            p = p with { Scale = FromVariable("DGDMN_SCALE", scale, ScaleNames.Parse) };
        if (Read("DGDMN_SEEDS") is { } seeds)
            p = p with
            {
                Seeds = int.TryParse(seeds, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1
                    ? n : throw new ArgumentException($"DGDMN_SEEDS='{seeds}' is not a positive number of seeds; set it to e.g. 3, or unset it."),
            };
        if (Read("DGDMN_OUT") is { } output) p = p with { OutputDirectory = output };
        if (Read("DGDMN_DATASET") is { } dataset)
            p = p with { Dataset = FromVariable("DGDMN_DATASET", dataset, DatasetNames.Parse) };
        if (Read("DGDMN_DEVICE") is { } device)
            p = p with { Device = FromVariable("DGDMN_DEVICE", device, d => { DeviceNames.Parse(d); return d; }) };
        p.Validate();
        return p with { OutputDirectory = Path.GetFullPath(p.OutputDirectory) };
    }

    private void Validate()
    {
        if (Seeds < 1) throw new ArgumentException($"Seeds = {Seeds}; it must be at least 1.", nameof(Seeds));
        if (string.IsNullOrWhiteSpace(OutputDirectory)) throw new ArgumentException("OutputDirectory is empty; give a folder for results.", nameof(OutputDirectory));
        if (!Enum.IsDefined(Scale)) throw new ArgumentException($"Scale = {Scale} is not Quick or Paper.", nameof(Scale));
    }

    private static T FromVariable<T>(string name, string value, Func<string, T> parse)
    {
        try { return parse(value); }
        // A bad value is a FormatException; a well-formed one the machine lacks (cuda without a GPU) an ArgumentException.
        catch (Exception e) when (e is FormatException or ArgumentException) { throw new ArgumentException($"{name}='{value}': {e.Message} Set it so, or unset it."); }
    }

    private static string? Read(string name) =>
        Environment.GetEnvironmentVariable(name) is { } v && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
}
