using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.KubeVirt;

/// <summary>
/// The resources of the instance's pod (<c>spec.domain.resources</c>): requests and limits by resource name, the
/// quantities as written (such as <c>memory: 2Gi</c>), so a VM is written back as it was read.
/// </summary>
public sealed class DomainResources : ApiObject
{
    [JsonPropertyName("requests")]
    public IDictionary<string, string>? Requests { get; set; }

    [JsonPropertyName("limits")]
    public IDictionary<string, string>? Limits { get; set; }
}
