using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.GroupSnapshotStorage;

/// <summary>An existing group snapshot: its CSI group_snapshot_id and the snapshot_id of each member.</summary>
public sealed class GroupSnapshotHandles : ApiObject
{
    [JsonPropertyName("volumeGroupSnapshotHandle")]
    public string? VolumeGroupSnapshotHandle { get; set; }

    [JsonPropertyName("volumeSnapshotHandles")]
    public IList<string>? VolumeSnapshotHandles { get; set; }
}
