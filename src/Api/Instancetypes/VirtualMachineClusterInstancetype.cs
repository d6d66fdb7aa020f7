using k8s.Models;

namespace Harness.Api.Instancetypes;

/// <summary>A cluster-wide instance type (<c>instancetype.kubevirt.io/v1beta1</c>); it has no status.</summary>
[KubernetesEntity(Group = InstancetypeApi.Group, Kind = InstancetypeApi.ClusterInstancetypeKind, ApiVersion = InstancetypeApi.Version, PluralName = InstancetypeApi.ClusterInstancetypePlural)]
public sealed class VirtualMachineClusterInstancetype : InstancetypeResource
{
}
