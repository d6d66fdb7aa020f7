using System.Text.Json.Serialization;
using Harness.Api.Resources;
using k8s.Models;

namespace Harness.Api.Snapshots;

/// <summary>Progress of the content's VolumeSnapshots.</summary>
public sealed class VirtualMachineSnapshotContentStatus : ApiObject
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
}
