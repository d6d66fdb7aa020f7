using k8s.Models;

namespace Harness.Api.Instancetypes;

/// <summary>A namespaced instance type (<c>instancetype.kubevirt.io/v1beta1</c>); it has no status.</summary>
[KubernetesEntity(Group = InstancetypeApi.Group, Kind = InstancetypeApi.InstancetypeKind, ApiVersion = InstancetypeApi.Version, PluralName = InstancetypeApi.InstancetypePlural)]
public sealed class VirtualMachineInstancetype : InstancetypeResource
{
}
