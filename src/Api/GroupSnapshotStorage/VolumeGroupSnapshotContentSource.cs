using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.GroupSnapshotStorage;

/// <summary>Exactly one: the CSI volumes to snapshot together (dynamic), or an existing group snapshot (pre-provisioned).</summary>
public sealed class VolumeGroupSnapshotContentSource : ApiObject
{
    [JsonPropertyName("volumeHandles")]
    public IList<string>? VolumeHandles { get; set; }

    [JsonPropertyName("groupSnapshotHandles")]
    public GroupSnapshotHandles? GroupSnapshotHandles { get; set; }
}
