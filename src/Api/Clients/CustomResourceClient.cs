using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.Api.Resources;
using k8s;
using k8s.Models;

namespace Harness.Api.Clients;

/// <summary>
/// Get, list, watch, create, update (also <c>/status</c>), patch and delete of one custom resource kind, typed as
/// <typeparamref name="T"/>, through <see cref="IKubernetes"/>'s custom-object API: the same calls in-process and over
/// HTTPS. Group, version and plural come from <typeparamref name="T"/>'s <see cref="KubernetesEntityAttribute"/>.
/// A <c>null</c> namespace addresses a cluster-scoped object (or, for list and watch, every namespace). Errors are
/// KubernetesClient's <see cref="k8s.Autorest.HttpOperationException"/> with the API server's Status.
/// </summary>
public sealed class CustomResourceClient<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    // Read once per type: each read builds the attribute anew through reflection, whose invoke stubs for its setters
    // the runtime emits again whenever it has dropped the type's reflection cache.
    private static readonly KubernetesEntityAttribute? Entity = typeof(T).GetCustomAttribute<KubernetesEntityAttribute>();

    private readonly ICustomObjectsOperations operations;

    public CustomResourceClient(IKubernetes client)
    {
        var entity = Entity
            ?? throw new ArgumentException($"{typeof(T).Name} lacks [KubernetesEntity]", nameof(T));
        ArgumentNullException.ThrowIfNull(client);
        operations = client.CustomObjects;
        Group = entity.Group;
        Version = entity.ApiVersion;
        Plural = entity.PluralName;
    }

    public string Group { get; }

    public string Version { get; }

    public string Plural { get; }

    public Task<T> GetAsync(string? ns, string name, CancellationToken cancellationToken = default) => ns is null
        ? operations.GetClusterCustomObjectAsync<T>(Group, Version, Plural, name, cancellationToken)
        : operations.GetNamespacedCustomObjectAsync<T>(Group, Version, ns, Plural, name, cancellationToken);

    /// <summary>Like <see cref="GetAsync"/>, with <c>null</c> for an object that does not exist (404).</summary>
    public async Task<T?> TryGetAsync(string? ns, string name, CancellationToken cancellationToken = default)
    {
        try
        {
            return await GetAsync(ns, name, cancellationToken);
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<ResourceList<T>> ListAsync(
        string? ns = null, string? labelSelector = null, string? fieldSelector = null, string? resourceVersion = null, CancellationToken cancellationToken = default)
    {
        using var response = ns is null
            ? await operations.ListClusterCustomObjectWithHttpMessagesAsync<ResourceList<T>>(
                Group, Version, Plural, fieldSelector: fieldSelector, labelSelector: labelSelector, resourceVersion: resourceVersion, cancellationToken: cancellationToken)
            : await operations.ListNamespacedCustomObjectWithHttpMessagesAsync<ResourceList<T>>(
                Group, Version, ns, Plural, fieldSelector: fieldSelector, labelSelector: labelSelector, resourceVersion: resourceVersion, cancellationToken: cancellationToken);
        return response.Body;
    }

    /// <summary>
    /// Watches from <paramref name="resourceVersion"/> (null: the current state as ADDED events first). The sequence
    /// ends when the server closes the watch; a watch that expired answers 410 Gone through <paramref name="onError"/>.
    /// </summary>
    public async IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(
        string? ns = null,
        string? resourceVersion = null,
        string? labelSelector = null,
        bool allowWatchBookmarks = true,
        Action<Exception>? onError = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var changes = ns is null
            ? operations.WatchListClusterCustomObjectAsync(
                Group, Version, Plural, allowWatchBookmarks: allowWatchBookmarks, labelSelector: labelSelector, resourceVersion: resourceVersion, onError: onError, cancellationToken: cancellationToken)
            : operations.WatchListNamespacedCustomObjectAsync(
                Group, Version, ns, Plural, allowWatchBookmarks: allowWatchBookmarks, labelSelector: labelSelector, resourceVersion: resourceVersion, onError: onError, cancellationToken: cancellationToken);
        await foreach (var (type, item) in changes)
        {
            yield return (type, item is JsonElement element ? KubernetesJson.Deserialize<T>(element) : KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(item)));
        }
    }

    /// <summary>Creates <paramref name="obj"/> in its <c>metadata.namespace</c> (none: cluster-scoped).</summary>
    public Task<T> CreateAsync(T obj, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return obj.Metadata.NamespaceProperty is { } ns
            ? operations.CreateNamespacedCustomObjectAsync<T>(obj, Group, Version, ns, Plural, cancellationToken: cancellationToken)
            : operations.CreateClusterCustomObjectAsync<T>(obj, Group, Version, Plural, cancellationToken: cancellationToken);
    }

    /// <summary>Replaces <paramref name="obj"/> (its <c>metadata.resourceVersion</c>, when set, must still be current: 409 otherwise).</summary>
    public Task<T> UpdateAsync(T obj, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return obj.Metadata.NamespaceProperty is { } ns
            ? operations.ReplaceNamespacedCustomObjectAsync<T>(obj, Group, Version, ns, Plural, obj.Metadata.Name, cancellationToken: cancellationToken)
            : operations.ReplaceClusterCustomObjectAsync<T>(obj, Group, Version, Plural, obj.Metadata.Name, cancellationToken: cancellationToken);
    }

    /// <summary>Replaces the status of <paramref name="obj"/> through <c>/status</c> (the rest of the object is ignored).</summary>
    public Task<T> UpdateStatusAsync(T obj, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return obj.Metadata.NamespaceProperty is { } ns
            ? operations.ReplaceNamespacedCustomObjectStatusAsync<T>(obj, Group, Version, ns, Plural, obj.Metadata.Name, cancellationToken: cancellationToken)
            : operations.ReplaceClusterCustomObjectStatusAsync<T>(obj, Group, Version, Plural, obj.Metadata.Name, cancellationToken: cancellationToken);
    }

    /// <summary>Patches the object; <paramref name="patch"/>'s type says how (merge, JSON patch, apply).</summary>
    public Task<T> PatchAsync(string? ns, string name, V1Patch patch, CancellationToken cancellationToken = default) => ns is null
        ? operations.PatchClusterCustomObjectAsync<T>(patch, Group, Version, Plural, name, cancellationToken: cancellationToken)
        : operations.PatchNamespacedCustomObjectAsync<T>(patch, Group, Version, ns, Plural, name, cancellationToken: cancellationToken);

    /// <summary>Patches the object's <c>/status</c>.</summary>
    public Task<T> PatchStatusAsync(string? ns, string name, V1Patch patch, CancellationToken cancellationToken = default) => ns is null
        ? operations.PatchClusterCustomObjectStatusAsync<T>(patch, Group, Version, Plural, name, cancellationToken: cancellationToken)
        : operations.PatchNamespacedCustomObjectStatusAsync<T>(patch, Group, Version, ns, Plural, name, cancellationToken: cancellationToken);

    /// <summary>A JSON merge patch (RFC 7386): a <c>null</c> member removes the field.</summary>
    public static V1Patch MergePatch(JsonObject patch) => new(patch?.ToJsonString() ?? throw new ArgumentNullException(nameof(patch)), V1Patch.PatchType.MergePatch);

    /// <summary>
    /// Deletes the object. The answer is the object (when finalizers hold it, with its deletionTimestamp) or the
    /// server's Status; it is returned as JSON because it may be either.
    /// </summary>
    public async Task<JsonElement> DeleteAsync(
        string? ns, string name, V1DeleteOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var response = ns is null
            ? await operations.DeleteClusterCustomObjectWithHttpMessagesAsync<JsonElement>(Group, Version, Plural, name, options, cancellationToken: cancellationToken)
            : await operations.DeleteNamespacedCustomObjectWithHttpMessagesAsync<JsonElement>(Group, Version, ns, Plural, name, options, cancellationToken: cancellationToken);
        return response.Body;
    }
}
