using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.KubeVirt;

/// <summary>
/// A memory dump of the VM's guest into a claim (<c>vm.status.memoryDumpRequest</c>): written by the
/// <c>memorydump</c> and <c>removememorydump</c> subresources (also the request body of <c>memorydump</c>),
/// moved through its phases by virt-controller, cleared by a restore of the VM.
/// </summary>
public sealed class VirtualMachineMemoryDumpRequest : ApiObject
{
    /// <summary>The claim the dump is written to; the VM's memory-dump volume has this name.</summary>
    [JsonPropertyName("claimName")]
    public string? ClaimName { get; set; }

    /// <summary>One of <see cref="KubeVirtApi.MemoryDumpPhases"/>.</summary>
    [JsonPropertyName("phase")]
    public string? Phase { get; set; }

    [JsonPropertyName("startTimestamp")]
    public DateTime? StartTimestamp { get; set; }

    [JsonPropertyName("endTimestamp")]
    public DateTime? EndTimestamp { get; set; }

    /// <summary>The dump's file in the claim's filesystem: <c>&lt;vmi&gt;-&lt;claim&gt;-&lt;yyyyMMdd-HHmmss&gt;.memory.dump</c>.</summary>
    [JsonPropertyName("fileName")]
    public string? FileName { get; set; }

    /// <summary>Why the dump failed (phase Failed).</summary>
    [JsonPropertyName("message")]
    public string? Message { get; set; }

    /// <summary>Set by <c>removememorydump</c>: the claim is being dissociated from the VM.</summary>
    [JsonPropertyName("remove")]
    public bool? Remove { get; set; }
}
