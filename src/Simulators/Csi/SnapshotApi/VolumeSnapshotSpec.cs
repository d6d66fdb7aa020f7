using System.Text.Json.Serialization;

namespace Harness.Simulators.Csi.SnapshotApi;

public sealed class VolumeSnapshotSpec
{
    [JsonPropertyName("source")]
    public VolumeSnapshotSource Source { get; set; } = new();

    [JsonPropertyName("volumeSnapshotClassName")]
    public string? VolumeSnapshotClassName { get; set; }
}
