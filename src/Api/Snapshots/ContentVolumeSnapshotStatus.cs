using System.Text.Json.Serialization;
using Harness.Api.Resources;
using k8s.Models;

namespace Harness.Api.Snapshots;

/// <summary>One VolumeSnapshot's state as copied into the content's status.</summary>
public sealed class ContentVolumeSnapshotStatus : ApiObject
{
    [JsonPropertyName("volumeSnapshotName")]
    public string VolumeSnapshotName { get; set; } = "";

    [JsonPropertyName("creationTime")]
    public DateTime? CreationTime { get; set; }

    [JsonPropertyName("readyToUse")]
    public bool? ReadyToUse { get; set; }

    [JsonPropertyName("error")]
    public SnapshotError? Error { get; set; }
}
