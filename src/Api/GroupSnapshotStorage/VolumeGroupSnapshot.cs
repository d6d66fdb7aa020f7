using Harness.Api.Resources;
using k8s.Models;

namespace Harness.Api.GroupSnapshotStorage;

/// <summary>A request for snapshots of several PersistentVolumeClaims cut at one instant (groupsnapshot.storage.k8s.io/v1beta1).</summary>
[KubernetesEntity(Group = GroupSnapshotStorageApi.Group, Kind = GroupSnapshotStorageApi.VolumeGroupSnapshotKind, ApiVersion = GroupSnapshotStorageApi.Version, PluralName = GroupSnapshotStorageApi.VolumeGroupSnapshotPlural)]
public sealed class VolumeGroupSnapshot : Resource<VolumeGroupSnapshotSpec, VolumeGroupSnapshotStatus>
{
}
