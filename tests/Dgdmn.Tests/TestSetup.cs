using System.Runtime.CompilerServices;

namespace Dgdmn.Tests;

internal static class TestSetup
{
    // Threads before the first tensor: one intra-op thread avoids libgomp stalls on 2-vCPU machines.
    [ModuleInitializer]
    internal static void Init() => TorchSetup.Configure();
}
