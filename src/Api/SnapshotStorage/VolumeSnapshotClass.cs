using k8s.Models;

namespace Harness.Api.SnapshotStorage;

/// <summary>How a driver takes snapshots (cluster-scoped, snapshot.storage.k8s.io/v1); no spec, the fields sit at the top level.</summary>
[KubernetesEntity(Group = SnapshotStorageApi.Group, Kind = SnapshotStorageApi.VolumeSnapshotClassKind, ApiVersion = SnapshotStorageApi.Version, PluralName = SnapshotStorageApi.VolumeSnapshotClassPlural)]
public sealed class VolumeSnapshotClass : DriverSnapshotClass
{
}
