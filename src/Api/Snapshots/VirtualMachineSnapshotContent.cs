using Harness.Api.Resources;
using k8s.Models;

namespace Harness.Api.Snapshots;

/// <summary>What a <see cref="VirtualMachineSnapshot"/> captured: the VM definition and one VolumeSnapshot per included volume (<c>vmsnapshotcontent</c>).</summary>
[KubernetesEntity(Group = SnapshotApi.Group, ApiVersion = SnapshotApi.V1Beta1, Kind = SnapshotApi.ContentKind, PluralName = SnapshotApi.ContentPlural)]
public sealed class VirtualMachineSnapshotContent : Resource<VirtualMachineSnapshotContentSpec, VirtualMachineSnapshotContentStatus>
{
}
