using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.KubeVirt;

/// <summary>The state of one of an instance's volumes (<c>vmi.status.volumeStatus</c>).</summary>
public sealed class VolumeStatus : ApiObject
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>The device the guest sees (e.g. <c>sda</c>).</summary>
    [JsonPropertyName("target")]
    public string? Target { get; set; }

    /// <summary>For hot-plugged volumes: Pending, Bound, AttachedToNode, MountedToPod, Ready, Detaching, ...</summary>
    [JsonPropertyName("phase")]
    public string? Phase { get; set; }

    [JsonPropertyName("reason")]
    public string? Reason { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    /// <summary>Set only on hot-plugged volumes.</summary>
    [JsonPropertyName("hotplugVolume")]
    public HotplugVolumeStatus? HotplugVolume { get; set; }

    /// <summary>Set only on memory-dump volumes: the dump virt-handler took into it.</summary>
    [JsonPropertyName("memoryDumpVolume")]
    public MemoryDumpVolumeStatus? MemoryDumpVolume { get; set; }

    [JsonPropertyName("persistentVolumeClaimInfo")]
    public PersistentVolumeClaimInfo? PersistentVolumeClaimInfo { get; set; }
}
