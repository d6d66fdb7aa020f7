using Harness.Simulators.KubeVirt.Cdi;

namespace Harness.Simulators.KubeVirt.MemoryDumps;

/// <summary>
/// Writes into the CSI volume bound to a claim, as virt-launcher writes into a claim hot-plugged into its pod: the
/// harness writes the CSI simulator's volumes in-process, or publishes the volume on the node and writes the file.
/// </summary>
public interface IVolumeContentWriter
{
    /// <summary>Writes <paramref name="content"/> at the start of <paramref name="volume"/>.</summary>
    Task WriteAsync(ClaimVolume volume, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);
}
