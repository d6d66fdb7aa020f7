using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.KubeVirt;

public sealed class KubeVirtStatus : ApiObject
{
    /// <summary>Deploying, Deployed, Deleting, Deleted.</summary>
    [JsonPropertyName("phase")]
    public string? Phase { get; set; }

    [JsonPropertyName("conditions")]
    public IList<StatusCondition>? Conditions { get; set; }
}
