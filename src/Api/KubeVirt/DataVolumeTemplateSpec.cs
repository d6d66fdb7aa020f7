using System.Text.Json.Serialization;
using Harness.Api.Cdi;
using Harness.Api.Resources;
using k8s.Models;

namespace Harness.Api.KubeVirt;

/// <summary>A DataVolume the VM creates and owns (<c>vm.spec.dataVolumeTemplates</c>).</summary>
public sealed class DataVolumeTemplateSpec : ApiObject
{
    [JsonPropertyName("metadata")]
    public V1ObjectMeta? Metadata { get; set; }

    [JsonPropertyName("spec")]
    public DataVolumeSpec? Spec { get; set; }
}
