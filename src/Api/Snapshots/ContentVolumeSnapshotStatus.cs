using System.Text.Json;
using System.Text.Json.Serialization;
using k8s.Models;

namespace Harness.Api.Snapshots;

/// <summary>One VolumeSnapshot's state as copied into the content's status.</summary>
public sealed class ContentVolumeSnapshotStatus
{
    [JsonPropertyName("volumeSnapshotName")]
    public string VolumeSnapshotName { get; set; } = "";

    [JsonPropertyName("creationTime")]
    public DateTime? CreationTime { get; set; }

    [JsonPropertyName("readyToUse")]
    public bool? ReadyToUse { get; set; }

    [JsonPropertyName("error")]
    public SnapshotError? Error { get; set; }

    /// <summary>Fields this model does not name, kept so a read-modify-write loses nothing.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
