using System.Text.Json.Serialization;
using Harness.Api.KubeVirt;
using Harness.Api.Resources;

namespace Harness.Api.Snapshots;

/// <summary>The captured source of a content.</summary>
public sealed class VirtualMachineSnapshotContentSource : ApiObject
{
    /// <summary>The VM as captured: metadata (managedFields stripped), spec, and an empty status.</summary>
    [JsonPropertyName("virtualMachine")]
    public VirtualMachine? VirtualMachine { get; set; }
}
