using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.Instancetypes;

/// <summary>An instance type's <c>memory</c>: the guest's memory (a quantity such as <c>128Mi</c>).</summary>
public sealed class MemoryInstancetype : ApiObject
{
    [JsonPropertyName("guest")]
    public string Guest { get; set; } = "";
}
