using System.Collections.Concurrent;
using Harness.Simulators.KubeVirt.Cdi;
using Harness.Simulators.KubeVirt.MemoryDumps;

namespace Harness.Simulators.Tests.KubeVirt;

/// <summary>Keeps what the simulator writes into each CSI volume, by volume handle.</summary>
internal sealed class RecordingVolumeWriter : IVolumeContentWriter
{
    public ConcurrentDictionary<string, byte[]> Written { get; } = new(StringComparer.Ordinal);

    public Task WriteAsync(ClaimVolume volume, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        Written[volume.VolumeHandle] = content.ToArray();
        return Task.CompletedTask;
    }
}
