using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.KubeVirt;

/// <summary>The guest's CPU (<c>spec.domain.cpu</c>): its topology and model (features, NUMA and the like stay as unknown fields).</summary>
public sealed class DomainCpu : ApiObject
{
    [JsonPropertyName("sockets")]
    public uint? Sockets { get; set; }

    [JsonPropertyName("cores")]
    public uint? Cores { get; set; }

    [JsonPropertyName("threads")]
    public uint? Threads { get; set; }

    /// <summary>A libvirt CPU model, <c>host-model</c> or <c>host-passthrough</c>.</summary>
    [JsonPropertyName("model")]
    public string? Model { get; set; }
}
