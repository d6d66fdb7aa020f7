using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.KubeVirt;

/// <summary>A network the instance joins: the pod network or a Multus network.</summary>
public sealed class Network : ApiObject
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("pod")]
    public ApiObject? Pod { get; set; }

    [JsonPropertyName("multus")]
    public MultusNetwork? Multus { get; set; }
}
