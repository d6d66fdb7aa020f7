using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.KubeVirt;

/// <summary>A network interface, named after its network; the binding (masquerade, bridge, sriov, ...) is one empty object.</summary>
public sealed class Interface : ApiObject
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("model")]
    public string? Model { get; set; }

    [JsonPropertyName("macAddress")]
    public string? MacAddress { get; set; }

    [JsonPropertyName("masquerade")]
    public ApiObject? Masquerade { get; set; }

    [JsonPropertyName("bridge")]
    public ApiObject? Bridge { get; set; }

    [JsonPropertyName("sriov")]
    public ApiObject? Sriov { get; set; }
}
