using Harness.Simulators.Csi.Storage;
using Harness.Simulators.GuestAgent;

namespace Harness.Scenarios.Cluster;

/// <summary>A CSI simulator volume as a guest's disk: the guest's writes are the volume's content.</summary>
public sealed class VolumeGuestDisk(VolumeDevice device) : IGuestDisk
{
    public long Size => device.Size;

    public ValueTask WriteAsync(long offset, ReadOnlyMemory<byte> data) => device.WriteAsync(offset, data);

    public async ValueTask<int> ReadAsync(long offset, Memory<byte> buffer)
    {
        var length = (int)Math.Clamp(device.Size - offset, 0, buffer.Length);
        await device.ReadAsync(offset, buffer[..length]);
        return length;
    }
}
