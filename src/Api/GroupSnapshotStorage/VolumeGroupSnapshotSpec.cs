using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.GroupSnapshotStorage;

public sealed class VolumeGroupSnapshotSpec : ApiObject
{
    [JsonPropertyName("source")]
    public VolumeGroupSnapshotSource? Source { get; set; }

    [JsonPropertyName("volumeGroupSnapshotClassName")]
    public string? VolumeGroupSnapshotClassName { get; set; }
}
