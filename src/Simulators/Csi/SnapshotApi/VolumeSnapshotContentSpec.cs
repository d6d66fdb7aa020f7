using System.Text.Json.Serialization;
using k8s.Models;

namespace Harness.Simulators.Csi.SnapshotApi;

public sealed class VolumeSnapshotContentSpec
{
    [JsonPropertyName("volumeSnapshotRef")]
    public V1ObjectReference VolumeSnapshotRef { get; set; } = new();

    [JsonPropertyName("deletionPolicy")]
    public string DeletionPolicy { get; set; } = SnapshotApiConstants.DeletionPolicyDelete;

    [JsonPropertyName("driver")]
    public string Driver { get; set; } = string.Empty;

    [JsonPropertyName("volumeSnapshotClassName")]
    public string? VolumeSnapshotClassName { get; set; }

    [JsonPropertyName("source")]
    public VolumeSnapshotContentSource Source { get; set; } = new();

    [JsonPropertyName("sourceVolumeMode")]
    public string? SourceVolumeMode { get; set; }
}
