using Harness.Api.Resources;
using k8s.Models;

namespace Harness.Api.Clones;

/// <summary>Clones a VirtualMachine (or a VirtualMachineSnapshot's VM) into a new VirtualMachine (<c>vmclone</c>).</summary>
[KubernetesEntity(Group = CloneApi.Group, ApiVersion = CloneApi.V1Beta1, Kind = CloneApi.Kind, PluralName = CloneApi.Plural)]
public sealed class VirtualMachineClone : Resource<VirtualMachineCloneSpec, VirtualMachineCloneStatus>
{
}
