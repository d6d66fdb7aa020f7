using System.Text.Json.Serialization;

namespace Harness.Simulators.Csi.SnapshotApi;

/// <summary>The last error of a snapshot operation, on both VolumeSnapshot and VolumeSnapshotContent.</summary>
public sealed class VolumeSnapshotError
{
    [JsonPropertyName("time")]
    public DateTime? Time { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }
}
