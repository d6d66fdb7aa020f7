using Harness.Api.Resources;
using k8s.Models;

namespace Harness.Api.KubeVirt;

/// <summary>A running virtual machine (<c>kubevirt.io/v1</c>), created from its VirtualMachine's template.</summary>
[KubernetesEntity(Group = KubeVirtApi.Group, Kind = KubeVirtApi.VirtualMachineInstanceKind, ApiVersion = KubeVirtApi.Version, PluralName = KubeVirtApi.VirtualMachineInstancePlural)]
public sealed class VirtualMachineInstance : Resource<VirtualMachineInstanceSpec, VirtualMachineInstanceStatus>
{
}
