using Harness.Api.Resources;
using k8s.Models;

namespace Harness.Api.GroupSnapshotStorage;

/// <summary>A group snapshot on the storage backend (cluster-scoped, groupsnapshot.storage.k8s.io/v1beta1).</summary>
[KubernetesEntity(Group = GroupSnapshotStorageApi.Group, Kind = GroupSnapshotStorageApi.VolumeGroupSnapshotContentKind, ApiVersion = GroupSnapshotStorageApi.Version, PluralName = GroupSnapshotStorageApi.VolumeGroupSnapshotContentPlural)]
public sealed class VolumeGroupSnapshotContent : Resource<VolumeGroupSnapshotContentSpec, VolumeGroupSnapshotContentStatus>
{
}
