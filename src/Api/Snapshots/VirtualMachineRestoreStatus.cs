using System.Text.Json;
using System.Text.Json.Serialization;
using k8s.Models;

namespace Harness.Api.Snapshots;

/// <summary>Progress of a restore.</summary>
public sealed class VirtualMachineRestoreStatus
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

    /// <summary>Fields this model does not name, kept so a read-modify-write loses nothing.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
