using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.KubeVirt;

/// <summary>
/// A VM's <c>spec.instancetype</c> or <c>spec.preference</c> (KubeVirt's InstancetypeMatcher and PreferenceMatcher,
/// which share these fields): which instance type or preference, or the volume to infer it from, and optionally the
/// ControllerRevision holding the copy the VM is pinned to.
/// </summary>
public sealed class InstancetypeMatcher : ApiObject
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>The kind (<c>VirtualMachineInstancetype</c>, <c>VirtualMachineClusterInstancetype</c>, ...); the cluster-wide one when empty.</summary>
    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    /// <summary>The ControllerRevision the VM uses; set by the user (or by KubeVirt before 1.5) to pin a copy.</summary>
    [JsonPropertyName("revisionName")]
    public string? RevisionName { get; set; }

    [JsonPropertyName("inferFromVolume")]
    public string? InferFromVolume { get; set; }

    /// <summary><c>Reject</c> (default), <c>Ignore</c> or <c>RejectInferFromVolumeFailure</c>.</summary>
    [JsonPropertyName("inferFromVolumeFailurePolicy")]
    public string? InferFromVolumeFailurePolicy { get; set; }
}
