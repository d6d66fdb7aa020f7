using System.Text.Json.Serialization;
using Harness.Api.Resources;
using k8s.Models;

namespace Harness.Api.SnapshotStorage;

public sealed class VolumeSnapshotContentSpec : ApiObject
{
    [JsonPropertyName("volumeSnapshotRef")]
    public V1ObjectReference? VolumeSnapshotRef { get; set; }

    /// <summary><see cref="SnapshotStorageApi.DeletionPolicyDelete"/> or <see cref="SnapshotStorageApi.DeletionPolicyRetain"/>.</summary>
    [JsonPropertyName("deletionPolicy")]
    public string? DeletionPolicy { get; set; }

    [JsonPropertyName("driver")]
    public string? Driver { get; set; }

    [JsonPropertyName("volumeSnapshotClassName")]
    public string? VolumeSnapshotClassName { get; set; }

    [JsonPropertyName("source")]
    public VolumeSnapshotContentSource? Source { get; set; }

    [JsonPropertyName("sourceVolumeMode")]
    public string? SourceVolumeMode { get; set; }
}
