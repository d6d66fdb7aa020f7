using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.KubeVirt;

/// <summary>A claim used as a volume (also the shape of <c>memoryDump</c>).</summary>
public sealed class PersistentVolumeClaimVolumeSource : ApiObject
{
    [JsonPropertyName("claimName")]
    public string? ClaimName { get; set; }

    [JsonPropertyName("readOnly")]
    public bool? ReadOnly { get; set; }

    [JsonPropertyName("hotpluggable")]
    public bool? Hotpluggable { get; set; }
}
