using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.KubeVirt;

public sealed class VirtualMachineStatus : ApiObject
{
    /// <summary>The name of the VirtualMachineSnapshot that holds the VM's snapshot lock.</summary>
    [JsonPropertyName("snapshotInProgress")]
    public string? SnapshotInProgress { get; set; }

    /// <summary>The name of the VirtualMachineRestore restoring into the VM.</summary>
    [JsonPropertyName("restoreInProgress")]
    public string? RestoreInProgress { get; set; }

    [JsonPropertyName("created")]
    public bool? Created { get; set; }

    [JsonPropertyName("ready")]
    public bool? Ready { get; set; }

    /// <summary>One of <see cref="KubeVirtApi.PrintableStatuses"/>.</summary>
    [JsonPropertyName("printableStatus")]
    public string? PrintableStatus { get; set; }

    [JsonPropertyName("runStrategy")]
    public string? RunStrategy { get; set; }

    [JsonPropertyName("conditions")]
    public IList<StatusCondition>? Conditions { get; set; }

    [JsonPropertyName("stateChangeRequests")]
    public IList<VirtualMachineStateChangeRequest>? StateChangeRequests { get; set; }

    /// <summary>The VM's memory dump, from the <c>memorydump</c> subresource until <c>removememorydump</c> or a restore clears it.</summary>
    [JsonPropertyName("memoryDumpRequest")]
    public VirtualMachineMemoryDumpRequest? MemoryDumpRequest { get; set; }

    [JsonPropertyName("volumeRequests")]
    public IList<VirtualMachineVolumeRequest>? VolumeRequests { get; set; }

    /// <summary>Per volume: whether it can be snapshotted, and why not (maintained by the snapshot controller).</summary>
    [JsonPropertyName("volumeSnapshotStatuses")]
    public IList<VirtualMachineVolumeSnapshotStatus>? VolumeSnapshotStatuses { get; set; }

    /// <summary>The instance type virt-controller resolved <c>spec.instancetype</c> to, and the ControllerRevision of its copy.</summary>
    [JsonPropertyName("instancetypeRef")]
    public InstancetypeStatusRef? InstancetypeRef { get; set; }

    /// <summary>The preference virt-controller resolved <c>spec.preference</c> to, and the ControllerRevision of its copy.</summary>
    [JsonPropertyName("preferenceRef")]
    public InstancetypeStatusRef? PreferenceRef { get; set; }

    [JsonPropertyName("observedGeneration")]
    public long? ObservedGeneration { get; set; }

    [JsonPropertyName("desiredGeneration")]
    public long? DesiredGeneration { get; set; }
}
