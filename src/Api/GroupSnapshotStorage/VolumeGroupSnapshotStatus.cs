using System.Text.Json.Serialization;
using Harness.Api.Resources;
using Harness.Api.SnapshotStorage;

namespace Harness.Api.GroupSnapshotStorage;

public sealed class VolumeGroupSnapshotStatus : ApiObject
{
    [JsonPropertyName("boundVolumeGroupSnapshotContentName")]
    public string? BoundVolumeGroupSnapshotContentName { get; set; }

    [JsonPropertyName("creationTime")]
    public DateTime? CreationTime { get; set; }

    [JsonPropertyName("readyToUse")]
    public bool? ReadyToUse { get; set; }

    [JsonPropertyName("error")]
    public VolumeSnapshotError? Error { get; set; }
}
