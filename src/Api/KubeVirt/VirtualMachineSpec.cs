using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.KubeVirt;

public sealed class VirtualMachineSpec : ApiObject
{
    /// <summary>Deprecated in favour of <see cref="RunStrategy"/>; at most one of the two is set.</summary>
    [JsonPropertyName("running")]
    public bool? Running { get; set; }

    /// <summary>One of <see cref="KubeVirtApi.RunStrategies"/>.</summary>
    [JsonPropertyName("runStrategy")]
    public string? RunStrategy { get; set; }

    [JsonPropertyName("template")]
    public VirtualMachineInstanceTemplateSpec? Template { get; set; }

    [JsonPropertyName("dataVolumeTemplates")]
    public IList<DataVolumeTemplateSpec>? DataVolumeTemplates { get; set; }

    /// <summary>The instance type that fixes the guest's CPUs and memory.</summary>
    [JsonPropertyName("instancetype")]
    public InstancetypeMatcher? Instancetype { get; set; }

    /// <summary>The preference that suggests the guest's hardware layout.</summary>
    [JsonPropertyName("preference")]
    public InstancetypeMatcher? Preference { get; set; }
}
