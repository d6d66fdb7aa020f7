using System.Text.Json.Serialization;

namespace Harness.Simulators.Csi.SnapshotApi;

/// <summary>Exactly one: the CSI volume to snapshot (dynamic), or an existing CSI snapshot (pre-provisioned).</summary>
public sealed class VolumeSnapshotContentSource
{
    [JsonPropertyName("volumeHandle")]
    public string? VolumeHandle { get; set; }

    [JsonPropertyName("snapshotHandle")]
    public string? SnapshotHandle { get; set; }
}
