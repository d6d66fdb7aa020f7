using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.KubeVirt;

/// <summary>A pending Start or Stop (<c>vm.status.stateChangeRequests</c>), written by the start/stop subresources.</summary>
public sealed class VirtualMachineStateChangeRequest : ApiObject
{
    /// <summary><c>Start</c> or <c>Stop</c>.</summary>
    [JsonPropertyName("action")]
    public string? Action { get; set; }

    [JsonPropertyName("data")]
    public IDictionary<string, string>? Data { get; set; }

    /// <summary>For Stop: the UID of the instance to stop.</summary>
    [JsonPropertyName("uid")]
    public string? Uid { get; set; }
}
