using System.Text.Json.Serialization;
using Harness.Api.Quantities;
using Harness.Api.Resources;

namespace Harness.Api.KubeVirt;

/// <summary>The guest's memory (<c>spec.domain.memory</c>; hugepages and the like stay as unknown fields).</summary>
public sealed class DomainMemory : ApiObject
{
    /// <summary>The memory the guest sees, such as <c>2Gi</c>.</summary>
    [JsonPropertyName("guest")]
    public Quantity? Guest { get; set; }
}
