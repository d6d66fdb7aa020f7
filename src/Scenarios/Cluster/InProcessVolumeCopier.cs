using Harness.Simulators.Csi;
using Harness.Simulators.KubeVirt.Cdi;
using Harness.Simulators.KubeVirt.MemoryDumps;

namespace Harness.Scenarios.Cluster;

/// <summary>
/// The host-assisted clone's copy between in-process CSI simulator volumes (the source's data blocks written onto the
/// target device), and memory dumps written onto a claim's device.
/// </summary>
public sealed class InProcessVolumeCopier(IReadOnlyDictionary<string, CsiDriverSimulator> drivers) : IVolumeCopier, IVolumeContentWriter
{
    public async Task CopyAsync(ClaimVolume source, ClaimVolume target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        var from = Driver(source).Store.Open(source.VolumeHandle);
        var to = Driver(target).Store.Open(target.VolumeHandle);
        foreach (var (offset, data) in from.DataBlocks())
        {
            if (offset < to.Size)
            {
                await to.WriteAsync(offset, data.AsMemory(0, (int)Math.Min(data.Length, to.Size - offset)), cancellationToken);
            }
        }
    }

    public async Task WriteAsync(ClaimVolume volume, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(volume);
        await Driver(volume).Store.Open(volume.VolumeHandle).WriteAsync(0, content, cancellationToken);
    }

    private CsiDriverSimulator Driver(ClaimVolume volume)
        => drivers.TryGetValue(volume.Driver, out var driver)
            ? driver
            : throw new InvalidOperationException($"claim {volume.Claim} is on driver {volume.Driver}, which this world does not run");
}
