using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.KubeVirt;

public sealed class VirtualMachineInstanceSpec : ApiObject
{
    [JsonPropertyName("domain")]
    public DomainSpec? Domain { get; set; }

    [JsonPropertyName("volumes")]
    public IList<Volume>? Volumes { get; set; }

    [JsonPropertyName("networks")]
    public IList<Network>? Networks { get; set; }
}
