using Csi.V1;
using Google.Protobuf.WellKnownTypes;
using Harness.Simulators.Csi.Storage;

namespace Harness.Simulators.Csi.Services;

/// <summary>Snapshots and group snapshots as the CSI messages carry them.</summary>
internal static class SnapshotProto
{
    public static Snapshot From(SnapshotView snapshot) => new()
    {
        SnapshotId = snapshot.Id,
        SourceVolumeId = snapshot.SourceVolumeId,
        SizeBytes = snapshot.SizeBytes,
        CreationTime = Timestamp.FromDateTimeOffset(snapshot.CreationTime),
        ReadyToUse = snapshot.State == SnapshotState.Ready,
        GroupSnapshotId = snapshot.GroupSnapshotId ?? string.Empty,
    };

    public static VolumeGroupSnapshot From(GroupSnapshotView group) => new()
    {
        GroupSnapshotId = group.Id,
        Snapshots = { group.Snapshots.Select(From) },
        CreationTime = Timestamp.FromDateTimeOffset(group.CreationTime),
        ReadyToUse = group.ReadyToUse,
    };
}
