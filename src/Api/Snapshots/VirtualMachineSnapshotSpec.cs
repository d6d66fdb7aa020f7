using System.Text.Json.Serialization;
using Harness.Api.Resources;
using k8s.Models;

namespace Harness.Api.Snapshots;

/// <summary>What to snapshot and how; immutable after creation.</summary>
public sealed class VirtualMachineSnapshotSpec : ApiObject
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
}
