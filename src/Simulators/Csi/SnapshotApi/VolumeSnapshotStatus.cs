using System.Text.Json.Serialization;
using k8s.Models;

namespace Harness.Simulators.Csi.SnapshotApi;

public sealed class VolumeSnapshotStatus
{
    [JsonPropertyName("boundVolumeSnapshotContentName")]
    public string? BoundVolumeSnapshotContentName { get; set; }

    [JsonPropertyName("creationTime")]
    public DateTime? CreationTime { get; set; }

    [JsonPropertyName("readyToUse")]
    public bool? ReadyToUse { get; set; }

    [JsonPropertyName("restoreSize")]
    public ResourceQuantity? RestoreSize { get; set; }

    [JsonPropertyName("error")]
    public VolumeSnapshotError? Error { get; set; }
}
