using System.Text.Json.Serialization;
using Harness.Api.Resources;
using k8s.Models;

namespace Harness.Api.Snapshots;

/// <summary>Where a snapshot is, as the snapshot controller last wrote it.</summary>
public sealed class VirtualMachineSnapshotStatus : ApiObject
{
    /// <summary>UID of the VM that currently carries the source name.</summary>
    [JsonPropertyName("sourceUID")]
    public string? SourceUid { get; set; }

    [JsonPropertyName("virtualMachineSnapshotContentName")]
    public string? VirtualMachineSnapshotContentName { get; set; }

    /// <summary>The point in time of the snapshot: when every VolumeSnapshot was cut.</summary>
    [JsonPropertyName("creationTime")]
    public DateTime? CreationTime { get; set; }

    /// <summary>One of the <c>Phase*</c> names of <see cref="SnapshotApi"/>.</summary>
    [JsonPropertyName("phase")]
    public string? Phase { get; set; }

    [JsonPropertyName("readyToUse")]
    public bool? ReadyToUse { get; set; }

    [JsonPropertyName("error")]
    public SnapshotError? Error { get; set; }

    [JsonPropertyName("conditions")]
    public IList<SnapshotCondition>? Conditions { get; set; }

    /// <summary>Deprecated in favour of <see cref="SourceIndications"/>; kept sorted.</summary>
    [JsonPropertyName("indications")]
    public IList<string>? Indications { get; set; }

    [JsonPropertyName("sourceIndications")]
    public IList<SourceIndication>? SourceIndications { get; set; }

    [JsonPropertyName("snapshotVolumes")]
    public SnapshotVolumesLists? SnapshotVolumes { get; set; }
}
