using System.Text.Json;
using System.Text.Json.Serialization;
using k8s.Models;

namespace Harness.Api.Snapshots;

/// <summary>One snapshotted volume of the captured VM.</summary>
public sealed class VolumeBackup
{
    [JsonPropertyName("volumeName")]
    public string VolumeName { get; set; } = "";

    /// <summary>A copy of the claim's metadata (managedFields stripped) and spec.</summary>
    [JsonPropertyName("persistentVolumeClaim")]
    public VolumeBackupClaim PersistentVolumeClaim { get; set; } = new();

    /// <summary>The VolumeSnapshot to create: <see cref="SnapshotApi.VolumeSnapshotName"/>.</summary>
    [JsonPropertyName("volumeSnapshotName")]
    public string? VolumeSnapshotName { get; set; }

    /// <summary>Fields this model does not name, kept so a read-modify-write loses nothing.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
