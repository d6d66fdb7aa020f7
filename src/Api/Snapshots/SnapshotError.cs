using System.Text.Json;
using System.Text.Json.Serialization;
using k8s.Models;

namespace Harness.Api.Snapshots;

/// <summary>The last error a snapshot or its content met.</summary>
public sealed class SnapshotError
{
    [JsonPropertyName("time")]
    public DateTime? Time { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    /// <summary>Fields this model does not name, kept so a read-modify-write loses nothing.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
