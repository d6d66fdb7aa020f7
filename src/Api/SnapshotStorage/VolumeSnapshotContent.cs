using Harness.Api.Resources;
using k8s.Models;

namespace Harness.Api.SnapshotStorage;

/// <summary>A snapshot on the storage backend (cluster-scoped, snapshot.storage.k8s.io/v1).</summary>
[KubernetesEntity(Group = SnapshotStorageApi.Group, Kind = SnapshotStorageApi.VolumeSnapshotContentKind, ApiVersion = SnapshotStorageApi.Version, PluralName = SnapshotStorageApi.VolumeSnapshotContentPlural)]
public sealed class VolumeSnapshotContent : Resource<VolumeSnapshotContentSpec, VolumeSnapshotContentStatus>
{
}
