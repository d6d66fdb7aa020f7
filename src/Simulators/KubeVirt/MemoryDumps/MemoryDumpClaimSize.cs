using k8s.Models;

namespace Harness.Simulators.KubeVirt.MemoryDumps;

/// <summary>
/// How big a memory-dump claim must be, as virt-api checks it: the VMI's memory request plus 100Mi of dump overhead,
/// grown by the filesystem overhead (CDI's default 5.5%; the simulator runs no CDIConfig) and rounded up to whole MiB,
/// against the claim's request rounded up to whole kilobytes. Both are printed as Kubernetes quantities.
/// </summary>
internal static class MemoryDumpClaimSize
{
    private const long DumpOverhead = 100L * 1024 * 1024;
    private const double FilesystemOverhead = 0.055;
    private const long MiB = 1024 * 1024;

    /// <summary>The size the claim must reach, in the memory request's format.</summary>
    public static ResourceQuantity Expected(ResourceQuantity? memoryRequest)
    {
        var memory = memoryRequest?.ToDecimal() ?? 0m;
        var total = (1 + FilesystemOverhead) * (double)(memory + DumpOverhead);
        var aligned = total < MiB ? MiB : Math.Ceiling(total / MiB) * MiB;
        return new ResourceQuantity((decimal)aligned, 0, memoryRequest?.Format ?? ResourceQuantity.SuffixFormat.DecimalSI);
    }

    /// <summary>The claim's request rounded up to kilobytes, as virt-api scales it before comparing.</summary>
    public static ResourceQuantity Scaled(ResourceQuantity? request)
    {
        var kilo = Math.Ceiling((request?.ToDecimal() ?? 0m) / 1000m);
        return new ResourceQuantity(kilo, 3, ResourceQuantity.SuffixFormat.DecimalSI);
    }
}
