using System.Text.Json.Serialization;
using Harness.Api.Resources;
using k8s.Models;

namespace Harness.Api.Snapshots;

/// <summary>Progress of a restore.</summary>
public sealed class VirtualMachineRestoreStatus : ApiObject
{
    [JsonPropertyName("complete")]
    public bool? Complete { get; set; }

    [JsonPropertyName("restoreTime")]
    public DateTime? RestoreTime { get; set; }

    [JsonPropertyName("restores")]
    public IList<VolumeRestore>? Restores { get; set; }

    [JsonPropertyName("deletedDataVolumes")]
    public IList<string>? DeletedDataVolumes { get; set; }

    [JsonPropertyName("conditions")]
    public IList<SnapshotCondition>? Conditions { get; set; }
}
