using System.Text.Json;
using System.Text.Json.Serialization;
using k8s.Models;

namespace Harness.Api.Snapshots;

/// <summary>What to snapshot and how; immutable after creation.</summary>
public sealed class VirtualMachineSnapshotSpec
{
    /// <summary>The VM to snapshot (apiGroup <c>kubevirt.io</c>, kind <c>VirtualMachine</c>), in the snapshot's namespace.</summary>
    [JsonPropertyName("source")]
    public V1TypedLocalObjectReference Source { get; set; } = new();

    /// <summary>What happens to the content when the snapshot is deleted: <see cref="SnapshotApi.DeletionPolicyDelete"/> (also when null) or <see cref="SnapshotApi.DeletionPolicyRetain"/>.</summary>
    [JsonPropertyName("deletionPolicy")]
    public string? DeletionPolicy { get; set; }

    /// <summary>A Go duration from creation within which the snapshot must succeed; null is <see cref="SnapshotApi.DefaultFailureDeadline"/>, <c>0s</c> none.</summary>
    [JsonPropertyName("failureDeadline")]
    public string? FailureDeadline { get; set; }

    /// <summary>Fields this model does not name, kept so a read-modify-write loses nothing.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
