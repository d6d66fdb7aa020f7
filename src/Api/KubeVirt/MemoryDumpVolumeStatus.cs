using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.KubeVirt;

/// <summary>virt-handler's record of a dump into a memory-dump volume (<c>vmi.status.volumeStatus[].memoryDumpVolume</c>).</summary>
public sealed class MemoryDumpVolumeStatus : ApiObject
{
    [JsonPropertyName("claimName")]
    public string? ClaimName { get; set; }

    [JsonPropertyName("targetFileName")]
    public string? TargetFileName { get; set; }

    [JsonPropertyName("startTimestamp")]
    public DateTime? StartTimestamp { get; set; }

    [JsonPropertyName("endTimestamp")]
    public DateTime? EndTimestamp { get; set; }
}
