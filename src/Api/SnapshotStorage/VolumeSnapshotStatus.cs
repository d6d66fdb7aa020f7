using System.Text.Json.Serialization;
using Harness.Api.Quantities;
using Harness.Api.Resources;

namespace Harness.Api.SnapshotStorage;

public sealed class VolumeSnapshotStatus : ApiObject
{
    [JsonPropertyName("boundVolumeSnapshotContentName")]
    public string? BoundVolumeSnapshotContentName { get; set; }

    /// <summary>When the storage system cut the snapshot (the point in time it holds).</summary>
    [JsonPropertyName("creationTime")]
    public DateTime? CreationTime { get; set; }

    [JsonPropertyName("readyToUse")]
    public bool? ReadyToUse { get; set; }

    /// <summary>The least size of a volume restored from the snapshot.</summary>
    [JsonPropertyName("restoreSize")]
    public Quantity? RestoreSize { get; set; }

    [JsonPropertyName("error")]
    public VolumeSnapshotError? Error { get; set; }

    /// <summary>The VolumeGroupSnapshot this snapshot was cut in, if any.</summary>
    [JsonPropertyName("volumeGroupSnapshotName")]
    public string? VolumeGroupSnapshotName { get; set; }
}
