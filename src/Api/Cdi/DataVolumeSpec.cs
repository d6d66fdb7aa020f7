using System.Text.Json.Serialization;
using Harness.Api.Resources;
using k8s.Models;

namespace Harness.Api.Cdi;

/// <summary>What fills the claim, and the claim: either <c>pvc</c> (a full claim spec) or <c>storage</c> (completed from the StorageProfile).</summary>
public sealed class DataVolumeSpec : ApiObject
{
    [JsonPropertyName("source")]
    public DataVolumeSource? Source { get; set; }

    [JsonPropertyName("pvc")]
    public V1PersistentVolumeClaimSpec? Pvc { get; set; }

    [JsonPropertyName("storage")]
    public V1PersistentVolumeClaimSpec? Storage { get; set; }
}
