using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.SnapshotStorage;

/// <summary>Exactly one: the PVC to snapshot (dynamic), or an existing content (pre-provisioned).</summary>
public sealed class VolumeSnapshotSource : ApiObject
{
    [JsonPropertyName("persistentVolumeClaimName")]
    public string? PersistentVolumeClaimName { get; set; }

    [JsonPropertyName("volumeSnapshotContentName")]
    public string? VolumeSnapshotContentName { get; set; }
}
