using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Harness.EnvTest.Tests.Crds;

/// <summary>A list of custom objects.</summary>
public sealed class CustomResourceList<T> : IKubernetesObject<V1ListMeta>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = string.Empty;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = string.Empty;

    [JsonPropertyName("metadata")]
    public V1ListMeta Metadata { get; set; } = new();

    [JsonPropertyName("items")]
    public List<T> Items { get; set; } = [];
}
