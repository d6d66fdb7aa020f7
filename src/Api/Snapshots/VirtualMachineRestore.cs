using Harness.Api.Resources;
using k8s.Models;

namespace Harness.Api.Snapshots;

/// <summary>Restores a VirtualMachine from a <see cref="VirtualMachineSnapshot"/> (<c>vmrestore</c>).</summary>
[KubernetesEntity(Group = SnapshotApi.Group, ApiVersion = SnapshotApi.V1Beta1, Kind = SnapshotApi.RestoreKind, PluralName = SnapshotApi.RestorePlural)]
public sealed class VirtualMachineRestore : Resource<VirtualMachineRestoreSpec, VirtualMachineRestoreStatus>
{
}
