using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Harness.EnvTest.Informers;

/// <summary>A list of any resource, its items read as <see cref="PartialObject"/>s.</summary>
public sealed class PartialObjectList : IKubernetesObject<V1ListMeta>
{
    /// <inheritdoc />
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = string.Empty;

    /// <inheritdoc />
    [JsonPropertyName("kind")]
    public string Kind { get; set; } = string.Empty;

    /// <inheritdoc />
    [JsonPropertyName("metadata")]
    public V1ListMeta Metadata { get; set; } = new();

    [JsonPropertyName("items")]
    public List<PartialObject> Items { get; set; } = [];
}
