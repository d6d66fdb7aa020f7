using System.Text.Json.Serialization;
using Harness.Api.Resources;
using k8s.Models;

namespace Harness.Api.Snapshots;

/// <summary>One snapshotted volume of the captured VM.</summary>
public sealed class VolumeBackup : ApiObject
{
    [JsonPropertyName("volumeName")]
    public string VolumeName { get; set; } = "";

    /// <summary>A copy of the claim's metadata (managedFields stripped) and spec.</summary>
    [JsonPropertyName("persistentVolumeClaim")]
    public VolumeBackupClaim PersistentVolumeClaim { get; set; } = new();

    /// <summary>The VolumeSnapshot to create: <see cref="SnapshotApi.VolumeSnapshotName"/>.</summary>
    [JsonPropertyName("volumeSnapshotName")]
    public string? VolumeSnapshotName { get; set; }
}
