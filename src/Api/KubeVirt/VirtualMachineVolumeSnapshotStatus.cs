using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.KubeVirt;

/// <summary>An entry of <c>vm.status.volumeSnapshotStatuses</c> (not the CSI VolumeSnapshot's status).</summary>
public sealed class VirtualMachineVolumeSnapshotStatus : ApiObject
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("enabled")]
    public bool? Enabled { get; set; }

    [JsonPropertyName("reason")]
    public string? Reason { get; set; }
}
