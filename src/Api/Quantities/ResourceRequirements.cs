using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.Quantities;

/// <summary>
/// Requests and limits by resource name (<c>memory: 2Gi</c>, <c>cpu: 2</c>, <c>storage: 10Gi</c>): a VM's
/// <c>spec.domain.resources</c> (whose <c>overcommitGuestOverhead</c> stays an unknown field) and a claim spec's
/// <c>resources</c>, the quantities as written.
/// </summary>
public sealed class ResourceRequirements : ApiObject
{
    [JsonPropertyName("requests")]
    public IDictionary<string, Quantity>? Requests { get; set; }

    [JsonPropertyName("limits")]
    public IDictionary<string, Quantity>? Limits { get; set; }
}
