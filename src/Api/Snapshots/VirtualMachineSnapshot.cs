using Harness.Api.Resources;
using k8s.Models;

namespace Harness.Api.Snapshots;

/// <summary>A point-in-time copy of a VirtualMachine's definition and persistent volumes (<c>vmsnapshot</c>).</summary>
[KubernetesEntity(Group = SnapshotApi.Group, ApiVersion = SnapshotApi.V1Beta1, Kind = SnapshotApi.SnapshotKind, PluralName = SnapshotApi.SnapshotPlural)]
public sealed class VirtualMachineSnapshot : Resource<VirtualMachineSnapshotSpec, VirtualMachineSnapshotStatus>
{
}
