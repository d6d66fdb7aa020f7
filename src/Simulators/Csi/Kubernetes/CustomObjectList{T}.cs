using System.Text.Json.Serialization;
using k8s.Models;

namespace Harness.Simulators.Csi.Kubernetes;

internal sealed class CustomObjectList<T>
{
    [JsonPropertyName("metadata")]
    public V1ListMeta? Metadata { get; set; }

    [JsonPropertyName("items")]
    public List<T> Items { get; set; } = [];
}
