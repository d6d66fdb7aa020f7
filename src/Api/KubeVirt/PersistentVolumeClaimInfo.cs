using System.Text.Json.Serialization;
using Harness.Api.Quantities;
using Harness.Api.Resources;

namespace Harness.Api.KubeVirt;

/// <summary>What an instance saw of a volume's claim.</summary>
public sealed class PersistentVolumeClaimInfo : ApiObject
{
    [JsonPropertyName("claimName")]
    public string? ClaimName { get; set; }

    [JsonPropertyName("accessModes")]
    public IList<string>? AccessModes { get; set; }

    [JsonPropertyName("volumeMode")]
    public string? VolumeMode { get; set; }

    /// <summary>The claim's <c>status.capacity</c> (such as <c>storage: 5Gi</c>).</summary>
    [JsonPropertyName("capacity")]
    public IDictionary<string, Quantity>? Capacity { get; set; }

    /// <summary>The claim's <c>spec.resources.requests</c>.</summary>
    [JsonPropertyName("requests")]
    public IDictionary<string, Quantity>? Requests { get; set; }
}
