using System.Text.Json;
using System.Text.Json.Serialization;
using k8s.Models;

namespace Harness.Api.Snapshots;

/// <summary>One restored volume.</summary>
public sealed class VolumeRestore
{
    [JsonPropertyName("volumeName")]
    public string VolumeName { get; set; } = "";

    /// <summary>The name of the restored claim.</summary>
    [JsonPropertyName("persistentVolumeClaim")]
    public string PersistentVolumeClaim { get; set; } = "";

    [JsonPropertyName("volumeSnapshotName")]
    public string VolumeSnapshotName { get; set; } = "";

    [JsonPropertyName("dataVolumeName")]
    public string? DataVolumeName { get; set; }

    /// <summary>Fields this model does not name, kept so a read-modify-write loses nothing.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
