using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.Cdi;

/// <summary>What fills the claim, and the claim: either <c>pvc</c> (a full claim spec) or <c>storage</c> (completed from the StorageProfile).</summary>
public sealed class DataVolumeSpec : ApiObject
{
    [JsonPropertyName("source")]
    public DataVolumeSource? Source { get; set; }

    [JsonPropertyName("pvc")]
    public DataVolumeClaimSpec? Pvc { get; set; }

    [JsonPropertyName("storage")]
    public DataVolumeClaimSpec? Storage { get; set; }
}
