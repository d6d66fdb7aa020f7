using Csi.V1;

namespace Harness.Simulators.Tests.Csi;

/// <summary>Request builders shaped like the ones csi-sanity sends.</summary>
internal static class CsiRequests
{
    public const long MiB = 1024 * 1024;

    public static VolumeCapability Mount() => new()
    {
        Mount = new VolumeCapability.Types.MountVolume(),
        AccessMode = new VolumeCapability.Types.AccessMode { Mode = VolumeCapability.Types.AccessMode.Types.Mode.SingleNodeWriter },
    };

    public static VolumeCapability Block() => new()
    {
        Block = new VolumeCapability.Types.BlockVolume(),
        AccessMode = new VolumeCapability.Types.AccessMode { Mode = VolumeCapability.Types.AccessMode.Types.Mode.SingleNodeWriter },
    };

    public static CreateVolumeRequest Volume(string name, long requiredBytes = 0, long limitBytes = 0) => new()
    {
        Name = name,
        VolumeCapabilities = { Mount() },
        CapacityRange = requiredBytes > 0 || limitBytes > 0 ? new CapacityRange { RequiredBytes = requiredBytes, LimitBytes = limitBytes } : null,
    };

    public static CreateVolumeRequest VolumeFromSnapshot(string name, string snapshotId, long requiredBytes = 0) =>
        WithSource(Volume(name, requiredBytes), new VolumeContentSource { Snapshot = new VolumeContentSource.Types.SnapshotSource { SnapshotId = snapshotId } });

    public static CreateVolumeRequest VolumeFromVolume(string name, string volumeId) =>
        WithSource(Volume(name), new VolumeContentSource { Volume = new VolumeContentSource.Types.VolumeSource { VolumeId = volumeId } });

    public static CreateSnapshotRequest Snapshot(string name, string sourceVolumeId) => new() { Name = name, SourceVolumeId = sourceVolumeId };

    public static NodePublishVolumeRequest Publish(string volumeId, string targetPath, bool block = false) => new()
    {
        VolumeId = volumeId,
        TargetPath = targetPath,
        VolumeCapability = block ? Block() : Mount(),
    };

    public static NodeStageVolumeRequest Stage(string volumeId, string stagingPath, bool block = false) => new()
    {
        VolumeId = volumeId,
        StagingTargetPath = stagingPath,
        VolumeCapability = block ? Block() : Mount(),
    };

    public static CapacityRange Bytes(long requiredBytes) => new() { RequiredBytes = requiredBytes };

    public static string UniqueName(string prefix) => $"{prefix}-{Interlocked.Increment(ref counter)}";

    private static int counter;

    private static CreateVolumeRequest WithSource(CreateVolumeRequest request, VolumeContentSource source)
    {
        request.VolumeContentSource = source;
        return request;
    }
}
