using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.Reflectors;
using Harness.Runtime.Scheduling;
using k8s;
using k8s.Models;

namespace Harness.Reconciling;

/// <summary>List and watch (with bookmarks) of resources across all namespaces, through <see cref="IKubernetes"/>.</summary>
public static class InformerSources
{
    public static ReflectorSource<ObjectKey, V1PersistentVolumeClaim> PersistentVolumeClaims(IKubernetes client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return Typed(
            "persistentvolumeclaims",
            async ct =>
            {
                var list = await client.CoreV1.ListPersistentVolumeClaimForAllNamespacesAsync(cancellationToken: ct);
                return (list.Items.ToList(), list.Metadata.ResourceVersion);
            },
            (version, onError, ct) => Watch(client, "api/v1/persistentvolumeclaims", version, onError, ct, () => client.CoreV1.WatchListPersistentVolumeClaimForAllNamespacesAsync(
                allowWatchBookmarks: true, resourceVersion: version, onError: onError, cancellationToken: ct)));
    }

    public static ReflectorSource<ObjectKey, V1PersistentVolume> PersistentVolumes(IKubernetes client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return Typed(
            "persistentvolumes",
            async ct =>
            {
                var list = await client.CoreV1.ListPersistentVolumeAsync(cancellationToken: ct);
                return (list.Items.ToList(), list.Metadata.ResourceVersion);
            },
            (version, onError, ct) => Watch(client, "api/v1/persistentvolumes", version, onError, ct, () => client.CoreV1.WatchListPersistentVolumeAsync(
                allowWatchBookmarks: true, resourceVersion: version, onError: onError, cancellationToken: ct)));
    }

    public static ReflectorSource<ObjectKey, V1StorageClass> StorageClasses(IKubernetes client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return Typed(
            "storageclasses",
            async ct =>
            {
                var list = await client.StorageV1.ListStorageClassAsync(cancellationToken: ct);
                return (list.Items.ToList(), list.Metadata.ResourceVersion);
            },
            (version, onError, ct) => Watch(client, "apis/storage.k8s.io/v1/storageclasses", version, onError, ct, () => client.StorageV1.WatchListStorageClassAsync(
                allowWatchBookmarks: true, resourceVersion: version, onError: onError, cancellationToken: ct)));
    }

    public static ReflectorSource<ObjectKey, V1Pod> Pods(IKubernetes client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return Typed(
            "pods",
            async ct =>
            {
                var list = await client.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: ct);
                return (list.Items.ToList(), list.Metadata.ResourceVersion);
            },
            (version, onError, ct) => Watch(client, "api/v1/pods", version, onError, ct, () => client.CoreV1.WatchListPodForAllNamespacesAsync(
                allowWatchBookmarks: true, resourceVersion: version, onError: onError, cancellationToken: ct)));
    }

    public static ReflectorSource<ObjectKey, V1CustomResourceDefinition> CustomResourceDefinitions(IKubernetes client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return Typed(
            "customresourcedefinitions",
            async ct =>
            {
                var list = await client.ApiextensionsV1.ListCustomResourceDefinitionAsync(cancellationToken: ct);
                return (list.Items.ToList(), list.Metadata.ResourceVersion);
            },
            (version, onError, ct) => Watch(client, "apis/apiextensions.k8s.io/v1/customresourcedefinitions", version, onError, ct, () => client.ApiextensionsV1.WatchListCustomResourceDefinitionAsync(
                allowWatchBookmarks: true, resourceVersion: version, onError: onError, cancellationToken: ct)));
    }

    /// <summary>A custom resource (namespaced or cluster-scoped), read as <typeparamref name="T"/>.</summary>
    public static ReflectorSource<ObjectKey, T> Custom<T>(IKubernetes client, string group, string version, string plural)
        where T : class, IKubernetesObject<V1ObjectMeta>
        => CustomAs<T>(client, group, version, plural, ObjectKey.Of, o => o.Metadata?.ResourceVersion);

    /// <summary>A custom resource (namespaced or cluster-scoped), read as untyped JSON.</summary>
    public static ReflectorSource<ObjectKey, JsonObject> CustomObjects(IKubernetes client, string group, string version, string plural)
        => CustomAs<JsonObject>(client, group, version, plural, JsonKey, o => Metadata(o)?["resourceVersion"]?.GetValue<string>());

    private static ReflectorSource<ObjectKey, T> Typed<T>(
        string name,
        Func<CancellationToken, Task<(IReadOnlyList<T> Items, string ResourceVersion)>> list,
        Func<string, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType Type, T Object)>> watch)
        where T : class, IKubernetesObject<V1ObjectMeta>
        => new(name, list, watch, ObjectKey.Of, o => o.Metadata?.ResourceVersion);

    private static ReflectorSource<ObjectKey, T> CustomAs<T>(
        IKubernetes client, string group, string version, string plural, Func<T, ObjectKey> key, Func<T, string?> resourceVersion)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(client);
        return new(
            $"{plural}.{group}",
            async ct =>
            {
                var list = Convert<CustomObjectList<T>>(await client.CustomObjects.ListClusterCustomObjectAsync(group, version, plural, cancellationToken: ct));
                return (list.Items, list.Metadata?.ResourceVersion ?? "");
            },
            (resourceVersionToWatch, onError, ct) => WatchCustom<T>(client, group, version, plural, resourceVersionToWatch, onError, ct),
            key,
            resourceVersion);
    }

    private static IAsyncEnumerable<(WatchEventType Type, T Object)> WatchCustom<T>(
        IKubernetes client, string group, string version, string plural, string resourceVersion, Action<Exception> onError, CancellationToken ct) =>
        Watch(
            client,
            $"apis/{Uri.EscapeDataString(group)}/{Uri.EscapeDataString(version)}/{Uri.EscapeDataString(plural)}",
            resourceVersion,
            onError,
            ct,
            () => WatchCustomElements<T>(client, group, version, plural, resourceVersion, onError, ct));

    // Under a step scheduler (simulation), a Kubernetes client's watches are read by StreamedWatch: the same request
    // through the client's own HttpClient, without KubernetesClient's thread-pool hop per event. Live, KubernetesClient
    // reads them (it alone knows the client's TLS server name and HTTP/2 settings).
    private static IAsyncEnumerable<(WatchEventType Type, T Object)> Watch<T>(
        IKubernetes client, string path, string resourceVersion, Action<Exception> onError, CancellationToken ct,
        Func<IAsyncEnumerable<(WatchEventType Type, T Object)>> kubernetesClientWatch) =>
        SchedulingPoint.Current is not null && client is Kubernetes kubernetes
            ? StreamedWatch.ReadAsync<T>(kubernetes, path, resourceVersion, bookmarks: true, onError, ct)
            : kubernetesClientWatch();

    private static async IAsyncEnumerable<(WatchEventType Type, T Object)> WatchCustomElements<T>(
        IKubernetes client, string group, string version, string plural, string resourceVersion, Action<Exception> onError, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var (type, item) in client.CustomObjects.WatchListClusterCustomObjectAsync(
            group, version, plural, allowWatchBookmarks: true, resourceVersion: resourceVersion, onError: onError, cancellationToken: ct))
        {
            yield return (type, Convert<T>(item));
        }
    }

    private static ObjectKey JsonKey(JsonObject obj)
    {
        var metadata = Metadata(obj);
        return ObjectKey.Of(metadata?["namespace"]?.GetValue<string>(), metadata?["name"]?.GetValue<string>() ?? "");
    }

    private static JsonObject? Metadata(JsonObject obj) => obj["metadata"] as JsonObject;

    private static TResult Convert<TResult>(object item) => item switch
    {
        JsonElement element => KubernetesJson.Deserialize<TResult>(element.GetRawText()),
        _ => KubernetesJson.Deserialize<TResult>(KubernetesJson.Serialize(item)),
    };
}
