using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.Clones;

/// <summary>Where the clone is: its phase, conditions, the snapshot and restore it runs through (cleared once done) and the target's name.</summary>
public sealed class VirtualMachineCloneStatus : ApiObject
{
    [JsonPropertyName("creationTime")]
    public DateTime? CreationTime { get; set; }

    [JsonPropertyName("phase")]
    public string? Phase { get; set; }

    [JsonPropertyName("conditions")]
    public IList<StatusCondition>? Conditions { get; set; }

    [JsonPropertyName("snapshotName")]
    public string? SnapshotName { get; set; }

    [JsonPropertyName("restoreName")]
    public string? RestoreName { get; set; }

    [JsonPropertyName("targetName")]
    public string? TargetName { get; set; }
}
