using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.SnapshotStorage;

public sealed class VolumeSnapshotSpec : ApiObject
{
    [JsonPropertyName("source")]
    public VolumeSnapshotSource? Source { get; set; }

    [JsonPropertyName("volumeSnapshotClassName")]
    public string? VolumeSnapshotClassName { get; set; }
}
