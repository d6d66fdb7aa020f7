using Harness.Api.Resources;
using k8s.Models;

namespace Harness.Api.KubeVirt;

/// <summary>A virtual machine: the template of its instance and whether one should run (<c>kubevirt.io/v1</c>).</summary>
[KubernetesEntity(Group = KubeVirtApi.Group, Kind = KubeVirtApi.VirtualMachineKind, ApiVersion = KubeVirtApi.Version, PluralName = KubeVirtApi.VirtualMachinePlural)]
public sealed class VirtualMachine : Resource<VirtualMachineSpec, VirtualMachineStatus>
{
}
