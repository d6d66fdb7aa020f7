using System.Text.Json.Serialization;

namespace Harness.Api.Resources;

/// <summary>
/// A condition in an object's status, in the shape kubevirt.io (VirtualMachine, VirtualMachineInstance, KubeVirt) and
/// cdi.kubevirt.io (DataVolume) share; the type names one of the group's condition constants.
/// </summary>
public sealed class StatusCondition : ApiObject
{
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    /// <summary>True, False or Unknown.</summary>
    [JsonPropertyName("status")]
    public string? Status { get; set; }

    [JsonPropertyName("lastProbeTime")]
    public DateTime? LastProbeTime { get; set; }

    [JsonPropertyName("lastTransitionTime")]
    public DateTime? LastTransitionTime { get; set; }

    /// <summary>When CDI last looked (DataVolume conditions).</summary>
    [JsonPropertyName("lastHeartbeatTime")]
    public DateTime? LastHeartbeatTime { get; set; }

    [JsonPropertyName("reason")]
    public string? Reason { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }
}
