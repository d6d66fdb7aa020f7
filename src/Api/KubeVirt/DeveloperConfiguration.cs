using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.KubeVirt;

public sealed class DeveloperConfiguration : ApiObject
{
    /// <summary>The enabled feature gates, e.g. <see cref="KubeVirtApi.SnapshotFeatureGate"/>.</summary>
    [JsonPropertyName("featureGates")]
    public IList<string>? FeatureGates { get; set; }
}
