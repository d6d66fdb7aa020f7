using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Harness.Api.Resources;

/// <summary>The answer to a list request: the items and the list's resourceVersion (to watch from).</summary>
public sealed class ResourceList<T> : ApiObject, IKubernetesObject<V1ListMeta>, IItems<T>
    where T : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = "";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "";

    [JsonPropertyName("metadata")]
    public V1ListMeta Metadata { get; set; } = new();

    [JsonPropertyName("items")]
    public IList<T> Items { get; set; } = [];
}
