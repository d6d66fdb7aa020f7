using System.Text.Json.Serialization;
using Harness.Api.Resources;
using k8s.Models;

namespace Harness.Api.Snapshots;

/// <summary>What to restore into, from which snapshot, and how; immutable after creation.</summary>
public sealed class VirtualMachineRestoreSpec : ApiObject
{
    /// <summary>The VM to restore into; a name other than the snapshot's source creates a new VM.</summary>
    [JsonPropertyName("target")]
    public V1TypedLocalObjectReference Target { get; set; } = new();

    [JsonPropertyName("virtualMachineSnapshotName")]
    public string VirtualMachineSnapshotName { get; set; } = "";

    /// <summary>v1beta1 only; null is <see cref="SnapshotApi.TargetReadinessWaitGracePeriod"/>.</summary>
    [JsonPropertyName("targetReadinessPolicy")]
    public string? TargetReadinessPolicy { get; set; }

    /// <summary>v1beta1 only; null is <see cref="SnapshotApi.VolumeRestoreRandomizeNames"/>.</summary>
    [JsonPropertyName("volumeRestorePolicy")]
    public string? VolumeRestorePolicy { get; set; }

    /// <summary>v1beta1 only; null is <see cref="SnapshotApi.VolumeOwnershipVm"/>.</summary>
    [JsonPropertyName("volumeOwnershipPolicy")]
    public string? VolumeOwnershipPolicy { get; set; }

    /// <summary>v1beta1 only.</summary>
    [JsonPropertyName("volumeRestoreOverrides")]
    public IList<VolumeRestoreOverride>? VolumeRestoreOverrides { get; set; }

    /// <summary>JSON patch operations (one object each) applied to a newly created target VM.</summary>
    [JsonPropertyName("patches")]
    public IList<string>? Patches { get; set; }
}
