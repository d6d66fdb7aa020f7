using System.Text.Json;
using System.Text.Json.Serialization;
using k8s.Models;

namespace Harness.Api.Snapshots;

/// <summary>Progress of the content's VolumeSnapshots.</summary>
public sealed class VirtualMachineSnapshotContentStatus
{
    /// <summary>When every VolumeSnapshot had its own creation time: the thaw point.</summary>
    [JsonPropertyName("creationTime")]
    public DateTime? CreationTime { get; set; }

    [JsonPropertyName("readyToUse")]
    public bool? ReadyToUse { get; set; }

    [JsonPropertyName("error")]
    public SnapshotError? Error { get; set; }

    [JsonPropertyName("volumeSnapshotStatus")]
    public IList<ContentVolumeSnapshotStatus>? VolumeSnapshotStatus { get; set; }

    /// <summary>Fields this model does not name, kept so a read-modify-write loses nothing.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
