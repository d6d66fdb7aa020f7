using System.Text.Json.Serialization;
using Harness.Api.Quantities;
using Harness.Api.Resources;

namespace Harness.Api.Instancetypes;

/// <summary>An instance type's <c>memory</c>: the guest's memory (such as <c>128Mi</c>), and how much less the pod requests.</summary>
public sealed class MemoryInstancetype : ApiObject
{
    [JsonPropertyName("guest")]
    public Quantity? Guest { get; set; }

    /// <summary>The percentage by which the pod's memory request is below the guest's memory.</summary>
    [JsonPropertyName("overcommitPercent")]
    public int? OvercommitPercent { get; set; }
}
