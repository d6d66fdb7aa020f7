using System.Text.Json.Serialization;
using Harness.Api.Quantities;
using Harness.Api.Resources;

namespace Harness.Api.KubeVirt;

/// <summary>The virtual hardware (<c>spec.domain</c>); features, clock, machine and the like stay as unknown fields.</summary>
public sealed class DomainSpec : ApiObject
{
    [JsonPropertyName("devices")]
    public Devices? Devices { get; set; }

    [JsonPropertyName("firmware")]
    public Firmware? Firmware { get; set; }

    [JsonPropertyName("cpu")]
    public DomainCpu? Cpu { get; set; }

    [JsonPropertyName("memory")]
    public DomainMemory? Memory { get; set; }

    [JsonPropertyName("resources")]
    public ResourceRequirements? Resources { get; set; }
}
