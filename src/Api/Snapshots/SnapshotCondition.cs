using System.Text.Json;
using System.Text.Json.Serialization;
using k8s.Models;

namespace Harness.Api.Snapshots;

/// <summary>A condition of a snapshot or restore (types <c>Ready</c>, <c>Progressing</c>, <c>Failure</c>).</summary>
public sealed class SnapshotCondition
{
    [JsonPropertyName("type")]
    public string Type { get; set; } = "";

    /// <summary>True, False or Unknown.</summary>
    [JsonPropertyName("status")]
    public string Status { get; set; } = "";

    [JsonPropertyName("lastProbeTime")]
    public DateTime? LastProbeTime { get; set; }

    [JsonPropertyName("lastTransitionTime")]
    public DateTime? LastTransitionTime { get; set; }

    [JsonPropertyName("reason")]
    public string? Reason { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    /// <summary>Fields this model does not name, kept so a read-modify-write loses nothing.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
