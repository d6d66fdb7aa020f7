using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.Instancetypes;

/// <summary>An instance type's <c>cpu</c>: the number of vCPUs the guest sees, and optionally its CPU model.</summary>
public sealed class CpuInstancetype : ApiObject
{
    [JsonPropertyName("guest")]
    public uint Guest { get; set; }

    [JsonPropertyName("model")]
    public string? Model { get; set; }
}
