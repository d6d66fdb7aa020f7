using k8s.Models;

namespace Harness.Api.Instancetypes;

/// <summary>A namespaced preference (<c>instancetype.kubevirt.io/v1beta1</c>); it has no status.</summary>
[KubernetesEntity(Group = InstancetypeApi.Group, Kind = InstancetypeApi.PreferenceKind, ApiVersion = InstancetypeApi.Version, PluralName = InstancetypeApi.PreferencePlural)]
public sealed class VirtualMachinePreference : PreferenceResource
{
}
