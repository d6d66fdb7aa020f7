using System.Text.Json.Serialization;
using Harness.Api.Resources;
using k8s.Models;

namespace Harness.Api.GroupSnapshotStorage;

public sealed class VolumeGroupSnapshotContentSpec : ApiObject
{
    [JsonPropertyName("volumeGroupSnapshotRef")]
    public V1ObjectReference? VolumeGroupSnapshotRef { get; set; }

    /// <summary><c>Delete</c> or <c>Retain</c>.</summary>
    [JsonPropertyName("deletionPolicy")]
    public string? DeletionPolicy { get; set; }

    [JsonPropertyName("driver")]
    public string? Driver { get; set; }

    [JsonPropertyName("volumeGroupSnapshotClassName")]
    public string? VolumeGroupSnapshotClassName { get; set; }

    [JsonPropertyName("source")]
    public VolumeGroupSnapshotContentSource? Source { get; set; }
}
