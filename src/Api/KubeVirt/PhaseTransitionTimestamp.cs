using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.KubeVirt;

/// <summary>When an instance entered a phase.</summary>
public sealed class PhaseTransitionTimestamp : ApiObject
{
    [JsonPropertyName("phase")]
    public string? Phase { get; set; }

    [JsonPropertyName("phaseTransitionTimestamp")]
    public DateTime? Timestamp { get; set; }
}
