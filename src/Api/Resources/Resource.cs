using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Harness.Api.Resources;

/// <summary>
/// A top-level object (<c>apiVersion</c>, <c>kind</c>, <c>metadata</c>). A new one carries the apiVersion and kind of
/// its class's <see cref="KubernetesEntityAttribute"/>; one read from JSON carries what it was read with.
/// </summary>
public abstract class Resource : ApiObject, IKubernetesObject<V1ObjectMeta>
{
    private static readonly ConcurrentDictionary<Type, (string ApiVersion, string Kind)> Identities = new();

    protected Resource() => (ApiVersion, Kind) = Identities.GetOrAdd(GetType(), Identity);

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; }

    [JsonPropertyName("kind")]
    public string Kind { get; set; }

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    private static (string ApiVersion, string Kind) Identity(Type type)
    {
        var entity = type.GetCustomAttribute<KubernetesEntityAttribute>()
            ?? throw new InvalidOperationException($"{type.Name} lacks [KubernetesEntity]");
        return (string.IsNullOrEmpty(entity.Group) ? entity.ApiVersion : $"{entity.Group}/{entity.ApiVersion}", entity.Kind);
    }
}
