using System.Text.Json.Serialization;
using k8s.Models;

namespace Harness.Reconciling;

/// <summary>The body of a custom resource list: its metadata and items.</summary>
internal sealed class CustomObjectList<T>
{
    [JsonPropertyName("metadata")]
    public V1ListMeta? Metadata { get; set; }

    [JsonPropertyName("items")]
    public List<T> Items { get; set; } = [];
}
