using System.Text.Json.Serialization;
using Harness.Api.Resources;
using k8s.Models;

namespace Harness.Api.Snapshots;

/// <summary>Per-volume override of the restored claim's name, labels and annotations.</summary>
public sealed class VolumeRestoreOverride : ApiObject
{
    [JsonPropertyName("volumeName")]
    public string VolumeName { get; set; } = "";

    [JsonPropertyName("restoreName")]
    public string? RestoreName { get; set; }

    [JsonPropertyName("labels")]
    public IDictionary<string, string>? Labels { get; set; }

    [JsonPropertyName("annotations")]
    public IDictionary<string, string>? Annotations { get; set; }
}
