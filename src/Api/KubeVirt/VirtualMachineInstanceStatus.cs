using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.KubeVirt;

public sealed class VirtualMachineInstanceStatus : ApiObject
{
    /// <summary>One of <see cref="KubeVirtApi.InstancePhases"/>.</summary>
    [JsonPropertyName("phase")]
    public string? Phase { get; set; }

    [JsonPropertyName("conditions")]
    public IList<StatusCondition>? Conditions { get; set; }

    /// <summary><see cref="KubeVirtApi.FsFrozen"/> while the guest's filesystems are frozen, empty otherwise.</summary>
    [JsonPropertyName("fsFreezeStatus")]
    public string? FsFreezeStatus { get; set; }

    [JsonPropertyName("volumeStatus")]
    public IList<VolumeStatus>? VolumeStatus { get; set; }

    [JsonPropertyName("nodeName")]
    public string? NodeName { get; set; }

    /// <summary>The ControllerRevision of the VM spec the instance was started from.</summary>
    [JsonPropertyName("virtualMachineRevisionName")]
    public string? VirtualMachineRevisionName { get; set; }

    [JsonPropertyName("phaseTransitionTimestamps")]
    public IList<PhaseTransitionTimestamp>? PhaseTransitionTimestamps { get; set; }
}
