using Dgdmn.Torch;
using static TorchSharp.torch;

namespace Dgdmn.Cli;

/// <summary>The <c>--device cpu|cuda[:N]</c> value of <c>run</c>, parsed by <see cref="DeviceNames"/>.</summary>
public static class DeviceOption
{
    /// <summary>Parses the option's text; a bad value or an unavailable GPU is a usage error saying what to give.</summary>
    /// <param name="text">cpu, cuda or cuda:N (N = 0-based GPU index).</param>
    /// <param name="cudaDevices">GPUs visible (default: libtorch's count, 0 in the CPU build).</param>
    /// <returns>The device (CPU for "cpu").</returns>
    /// <exception cref="CliException">The value is not cpu, cuda or cuda:N, or names a GPU that is not there.</exception>
    public static Device Parse(string text, int? cudaDevices = null)
    {
        try { return DeviceNames.Parse(text, cudaDevices); }
        catch (Exception e) when (e is FormatException or ArgumentException and not ArgumentNullException)
        {
            throw new CliException($"--device: {e.Message}");
        }
    }
}
