using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.GroupSnapshotStorage;

/// <summary>A CSI volume_id and the snapshot_id cut of it in the group.</summary>
public sealed class VolumeSnapshotHandlePair : ApiObject
{
    [JsonPropertyName("volumeHandle")]
    public string? VolumeHandle { get; set; }

    [JsonPropertyName("snapshotHandle")]
    public string? SnapshotHandle { get; set; }
}
