using System.Text.Json.Serialization;
using Harness.Api.Resources;
using k8s.Models;

namespace Harness.Api.Snapshots;

/// <summary>One restored volume.</summary>
public sealed class VolumeRestore : ApiObject
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
}
