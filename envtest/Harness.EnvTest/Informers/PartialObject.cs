using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Harness.EnvTest.Informers;

/// <summary>Any object, read for its metadata only (the rest of the JSON is skipped).</summary>
public sealed class PartialObject : IKubernetesObject<V1ObjectMeta>
{
    /// <inheritdoc />
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = string.Empty;

    /// <inheritdoc />
    [JsonPropertyName("kind")]
    public string Kind { get; set; } = string.Empty;

    /// <inheritdoc />
    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();
}
