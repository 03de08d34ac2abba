using System.Globalization;
using System.Text.RegularExpressions;
using static TorchSharp.torch;

namespace Dgdmn.Torch;

/// <summary>
/// The device names the kit accepts (<c>run --device</c>, a notebook's <c>Device</c>): cpu, cuda or cuda:N. CUDA
/// needs a CUDA build of the kit (<c>dotnet build -p:TorchBackend=cuda</c>, see environment.md) and a visible GPU;
/// it is untested, since no CUDA TorchSharp package is served where the kit is developed.
/// </summary>
public static partial class DeviceNames
{
    /// <summary>The device <paramref name="text"/> names.</summary>
    /// <param name="text">cpu, cuda or cuda:N (N = 0-based GPU index).</param>
    /// <param name="cudaDevices">GPUs visible (default: libtorch's count, 0 in the CPU build).</param>
    /// <returns>The device (CPU for "cpu").</returns>
    /// <exception cref="FormatException">Not cpu, cuda or cuda:N; the message says what to give.</exception>
    /// <exception cref="ArgumentException">Names a GPU that is not there; the message says how to get one or to use cpu.</exception>
    public static Device Parse(string text, int? cudaDevices = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = Syntax().Match(text.Trim());
        if (!match.Success)
            throw new FormatException($"bad device '{text}'; give cpu, cuda or cuda:N (N the GPU index, e.g. cuda:0).");
        if (match.Groups["cpu"].Success) return CPU;
        if (!int.TryParse(match.Groups["index"].Success ? match.Groups["index"].Value : "0", NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            throw new FormatException($"bad device '{text}': the GPU index is too large.");
        int available = cudaDevices ?? (cuda.is_available() ? cuda.device_count() : 0);
        if (available == 0)
            throw new ArgumentException($"device {text}: no CUDA device is available to this build (TorchSharp-cpu, or no GPU visible). " +
                "Build with -p:TorchBackend=cuda on a machine with a GPU (see environment.md), or use cpu.");
        if (index >= available)
            throw new ArgumentException($"device {text}: there are {available} CUDA device(s), numbered 0 to {available - 1}.");
        return new Device(TorchSharp.DeviceType.CUDA, index);
    }

    [GeneratedRegex(@"^(?:(?<cpu>cpu)|cuda(?::(?<index>[0-9]+))?)$", RegexOptions.CultureInvariant)]
    private static partial Regex Syntax();
}
