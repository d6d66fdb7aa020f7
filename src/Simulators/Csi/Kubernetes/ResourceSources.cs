using System.Runtime.CompilerServices;
using System.Text.Json;
using k8s;
using k8s.Models;

namespace Harness.Simulators.Csi.Kubernetes;

/// <summary>List and watch of the resources the sidecars follow, through <see cref="IKubernetes"/>.</summary>
internal static class ResourceSources
{
    public static ResourceSource<V1PersistentVolumeClaim> PersistentVolumeClaims(IKubernetes client) => new(
        "persistentvolumeclaims",
        async ct =>
        {
            var list = await client.CoreV1.ListPersistentVolumeClaimForAllNamespacesAsync(cancellationToken: ct);
            return (list.Items.ToList(), list.Metadata.ResourceVersion);
        },
        (resourceVersion, onError, ct) => client.CoreV1.WatchListPersistentVolumeClaimForAllNamespacesAsync(
            allowWatchBookmarks: true, resourceVersion: resourceVersion, onError: onError, cancellationToken: ct));

    public static ResourceSource<V1PersistentVolume> PersistentVolumes(IKubernetes client) => new(
        "persistentvolumes",
        async ct =>
        {
            var list = await client.CoreV1.ListPersistentVolumeAsync(cancellationToken: ct);
            return (list.Items.ToList(), list.Metadata.ResourceVersion);
        },
        (resourceVersion, onError, ct) => client.CoreV1.WatchListPersistentVolumeAsync(
            allowWatchBookmarks: true, resourceVersion: resourceVersion, onError: onError, cancellationToken: ct));

    public static ResourceSource<V1StorageClass> StorageClasses(IKubernetes client) => new(
        "storageclasses",
        async ct =>
        {
            var list = await client.StorageV1.ListStorageClassAsync(cancellationToken: ct);
            return (list.Items.ToList(), list.Metadata.ResourceVersion);
        },
        (resourceVersion, onError, ct) => client.StorageV1.WatchListStorageClassAsync(
            allowWatchBookmarks: true, resourceVersion: resourceVersion, onError: onError, cancellationToken: ct));

    /// <summary>A custom resource across all namespaces (or cluster-scoped), read as <typeparamref name="T"/>.</summary>
    public static ResourceSource<T> Custom<T>(IKubernetes client, string group, string version, string plural)
        where T : class, IKubernetesObject<V1ObjectMeta> => new(
        plural,
        async ct =>
        {
            var list = Convert<CustomObjectList<T>>(await client.CustomObjects.ListClusterCustomObjectAsync(group, version, plural, cancellationToken: ct));
            return (list.Items, list.Metadata?.ResourceVersion ?? string.Empty);
        },
        (resourceVersion, onError, ct) => WatchCustom<T>(client, group, version, plural, resourceVersion, onError, ct));

    private static async IAsyncEnumerable<(WatchEventType, T)> WatchCustom<T>(
        IKubernetes client, string group, string version, string plural, string resourceVersion, Action<Exception> onError, [EnumeratorCancellation] CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        await foreach (var (type, item) in client.CustomObjects.WatchListClusterCustomObjectAsync(
            group, version, plural, allowWatchBookmarks: true, resourceVersion: resourceVersion, onError: onError, cancellationToken: ct))
        {
            yield return (type, Convert<T>(item));
        }
    }

    private static TResult Convert<TResult>(object item) => item switch
    {
        JsonElement element => KubernetesJson.Deserialize<TResult>(element.GetRawText()),
        _ => KubernetesJson.Deserialize<TResult>(KubernetesJson.Serialize(item)),
    };
}
