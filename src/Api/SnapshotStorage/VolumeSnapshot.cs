using Harness.Api.Resources;
using k8s.Models;

namespace Harness.Api.SnapshotStorage;

/// <summary>A request for a snapshot of a PersistentVolumeClaim (snapshot.storage.k8s.io/v1).</summary>
[KubernetesEntity(Group = SnapshotStorageApi.Group, Kind = SnapshotStorageApi.VolumeSnapshotKind, ApiVersion = SnapshotStorageApi.Version, PluralName = SnapshotStorageApi.VolumeSnapshotPlural)]
public sealed class VolumeSnapshot : Resource<VolumeSnapshotSpec, VolumeSnapshotStatus>
{
}
