using k8s.Models;

namespace Harness.Api.Instancetypes;

/// <summary>A cluster-wide preference (<c>instancetype.kubevirt.io/v1beta1</c>); it has no status.</summary>
[KubernetesEntity(Group = InstancetypeApi.Group, Kind = InstancetypeApi.ClusterPreferenceKind, ApiVersion = InstancetypeApi.Version, PluralName = InstancetypeApi.ClusterPreferencePlural)]
public sealed class VirtualMachineClusterPreference : PreferenceResource
{
}
