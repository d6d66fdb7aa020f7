using System.Text.Json;
using System.Text.Json.Serialization;
using k8s.Models;

namespace Harness.Api.Snapshots;

/// <summary>Per-volume override of the restored claim's name, labels and annotations.</summary>
public sealed class VolumeRestoreOverride
{
    [JsonPropertyName("volumeName")]
    public string VolumeName { get; set; } = "";

    [JsonPropertyName("restoreName")]
    public string? RestoreName { get; set; }

    [JsonPropertyName("labels")]
    public IDictionary<string, string>? Labels { get; set; }

    [JsonPropertyName("annotations")]
    public IDictionary<string, string>? Annotations { get; set; }

    /// <summary>Fields this model does not name, kept so a read-modify-write loses nothing.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
