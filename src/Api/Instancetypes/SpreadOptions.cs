using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.Instancetypes;

/// <summary>How a <c>spread</c> topology divides the vCPUs: across which levels, and how many per level.</summary>
public sealed class SpreadOptions : ApiObject
{
    /// <summary>One of <see cref="InstancetypeApi.SpreadAcross"/>; <c>SocketsCores</c> when absent.</summary>
    [JsonPropertyName("across")]
    public string? Across { get; set; }

    [JsonPropertyName("ratio")]
    public uint? Ratio { get; set; }
}
