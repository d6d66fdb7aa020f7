using Harness.Scenarios.Cluster;

namespace Harness.Scenarios.Worlds;

/// <summary>A CSI driver of a world and its StorageClass (and VolumeSnapshotClass when it can snapshot).</summary>
/// <param name="StorageClass">The StorageClass provisioning with this driver.</param>
/// <param name="WaitForFirstConsumer">The class's binding mode: claims bind when a VMI needs them, not at creation.</param>
/// <param name="RestoreSizeRoundingMi">The driver rounds snapshot sizes (restoreSize) up to a multiple of this many MiB, as Ceph rounds to whole GiB; 0: no rounding.</param>
public sealed record DriverSpec(string Name, bool SnapshotsSupported, string StorageClass, bool WaitForFirstConsumer, int RestoreSizeRoundingMi = 0)
{
    /// <summary>The VolumeSnapshotClass of this driver, or null when it cannot snapshot.</summary>
    public string? SnapshotClass => SnapshotsSupported ? StorageClass + "-snapshots" : null;

    /// <summary>The driver as a cluster runs it.</summary>
    public SimulatedDriver AsClusterDriver() => new(Name, SnapshotsSupported, RestoreSizeRoundingMi * 1024L * 1024L);
}
