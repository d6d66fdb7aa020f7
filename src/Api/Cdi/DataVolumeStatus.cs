using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.Cdi;

public sealed class DataVolumeStatus : ApiObject
{
    /// <summary>One of <see cref="CdiApi.Phases"/>.</summary>
    [JsonPropertyName("phase")]
    public string? Phase { get; set; }

    /// <summary>The claim that holds the data (the DataVolume's name).</summary>
    [JsonPropertyName("claimName")]
    public string? ClaimName { get; set; }

    /// <summary>Percent done, e.g. <c>"100.0%"</c>, or <c>"N/A"</c>.</summary>
    [JsonPropertyName("progress")]
    public string? Progress { get; set; }

    [JsonPropertyName("restartCount")]
    public int? RestartCount { get; set; }

    [JsonPropertyName("conditions")]
    public IList<StatusCondition>? Conditions { get; set; }
}
