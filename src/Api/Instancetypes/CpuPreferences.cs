using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.Instancetypes;

/// <summary>A preference's <c>cpu</c>: how an instance type's vCPUs are laid out as sockets, cores and threads.</summary>
public sealed class CpuPreferences : ApiObject
{
    /// <summary>One of <see cref="InstancetypeApi.CpuTopologies"/> (or its deprecated <c>prefer...</c> spelling).</summary>
    [JsonPropertyName("preferredCPUTopology")]
    public string? PreferredCpuTopology { get; set; }

    [JsonPropertyName("spreadOptions")]
    public SpreadOptions? SpreadOptions { get; set; }
}
