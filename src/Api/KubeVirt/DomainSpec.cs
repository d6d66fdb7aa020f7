using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.KubeVirt;

/// <summary>The virtual hardware (<c>spec.domain</c>); CPU, memory, resources and features stay as unknown fields.</summary>
public sealed class DomainSpec : ApiObject
{
    [JsonPropertyName("devices")]
    public Devices? Devices { get; set; }

    [JsonPropertyName("firmware")]
    public Firmware? Firmware { get; set; }
}
