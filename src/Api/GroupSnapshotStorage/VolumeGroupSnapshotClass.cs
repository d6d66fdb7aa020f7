using Harness.Api.SnapshotStorage;
using k8s.Models;

namespace Harness.Api.GroupSnapshotStorage;

/// <summary>How a driver cuts group snapshots (cluster-scoped, groupsnapshot.storage.k8s.io/v1beta1); no spec, the fields sit at the top level.</summary>
[KubernetesEntity(Group = GroupSnapshotStorageApi.Group, Kind = GroupSnapshotStorageApi.VolumeGroupSnapshotClassKind, ApiVersion = GroupSnapshotStorageApi.Version, PluralName = GroupSnapshotStorageApi.VolumeGroupSnapshotClassPlural)]
public sealed class VolumeGroupSnapshotClass : DriverSnapshotClass
{
}
