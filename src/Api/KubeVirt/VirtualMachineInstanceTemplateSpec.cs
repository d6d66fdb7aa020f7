using System.Text.Json.Serialization;
using Harness.Api.Resources;
using k8s.Models;

namespace Harness.Api.KubeVirt;

/// <summary>The instance a VirtualMachine runs (<c>vm.spec.template</c>).</summary>
public sealed class VirtualMachineInstanceTemplateSpec : ApiObject
{
    [JsonPropertyName("metadata")]
    public V1ObjectMeta? Metadata { get; set; }

    [JsonPropertyName("spec")]
    public VirtualMachineInstanceSpec? Spec { get; set; }
}
