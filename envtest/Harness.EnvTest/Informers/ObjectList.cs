using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Harness.EnvTest.Informers;

/// <summary>
/// A list of any resource, its items read as <typeparamref name="T"/> (<see cref="PartialObject"/>s for the metadata cache);
/// a list KubernetesClient's <c>GenericClient</c> can read, which its <c>KubernetesList</c> is not.
/// </summary>
public sealed class ObjectList<T> : IKubernetesObject<V1ListMeta>
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
    public List<T> Items { get; set; } = [];
}
