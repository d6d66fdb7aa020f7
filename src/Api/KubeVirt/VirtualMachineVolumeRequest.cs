using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.KubeVirt;

/// <summary>A pending hot-plug (<c>vm.status.volumeRequests</c>): exactly one of the two options.</summary>
public sealed class VirtualMachineVolumeRequest : ApiObject
{
    [JsonPropertyName("addVolumeOptions")]
    public AddVolumeOptions? AddVolumeOptions { get; set; }

    [JsonPropertyName("removeVolumeOptions")]
    public RemoveVolumeOptions? RemoveVolumeOptions { get; set; }
}
