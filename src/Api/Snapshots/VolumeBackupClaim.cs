using System.Text.Json.Serialization;
using Harness.Api.Resources;
using k8s.Models;

namespace Harness.Api.Snapshots;

/// <summary>The PersistentVolumeClaim of a volume backup: metadata and spec, no status.</summary>
public sealed class VolumeBackupClaim : ApiObject
{
    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public V1PersistentVolumeClaimSpec Spec { get; set; } = new();
}
