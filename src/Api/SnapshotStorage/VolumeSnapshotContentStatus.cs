using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.SnapshotStorage;

public sealed class VolumeSnapshotContentStatus : ApiObject
{
    [JsonPropertyName("snapshotHandle")]
    public string? SnapshotHandle { get; set; }

    /// <summary>Nanoseconds since the Unix epoch (CSI's creation_time).</summary>
    [JsonPropertyName("creationTime")]
    public long? CreationTime { get; set; }

    [JsonPropertyName("readyToUse")]
    public bool? ReadyToUse { get; set; }

    /// <summary>Bytes (CSI's size_bytes).</summary>
    [JsonPropertyName("restoreSize")]
    public long? RestoreSize { get; set; }

    [JsonPropertyName("error")]
    public VolumeSnapshotError? Error { get; set; }

    /// <summary>CSI group_snapshot_id of the group this snapshot was cut in, if any.</summary>
    [JsonPropertyName("volumeGroupSnapshotHandle")]
    public string? VolumeGroupSnapshotHandle { get; set; }
}
