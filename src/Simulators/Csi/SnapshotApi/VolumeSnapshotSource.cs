using System.Text.Json.Serialization;

namespace Harness.Simulators.Csi.SnapshotApi;

/// <summary>Exactly one: the PVC to snapshot (dynamic), or an existing content (pre-provisioned).</summary>
public sealed class VolumeSnapshotSource
{
    [JsonPropertyName("persistentVolumeClaimName")]
    public string? PersistentVolumeClaimName { get; set; }

    [JsonPropertyName("volumeSnapshotContentName")]
    public string? VolumeSnapshotContentName { get; set; }
}
