using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.SnapshotStorage;

/// <summary>Exactly one: the CSI volume to snapshot (dynamic), or an existing CSI snapshot (pre-provisioned).</summary>
public sealed class VolumeSnapshotContentSource : ApiObject
{
    [JsonPropertyName("volumeHandle")]
    public string? VolumeHandle { get; set; }

    [JsonPropertyName("snapshotHandle")]
    public string? SnapshotHandle { get; set; }
}
