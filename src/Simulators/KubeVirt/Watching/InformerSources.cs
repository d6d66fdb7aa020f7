using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.Simulators.KubeVirt.Objects;
using k8s;
using k8s.Models;

namespace Harness.Simulators.KubeVirt.Watching;

/// <summary>The list and watch calls of the resources the simulator follows, through <see cref="IKubernetes"/>.</summary>
internal static class InformerSources
{
    public static InformerSource<JsonObject> Custom(IKubernetes client, CustomResource resource) => new(
        async ct =>
        {
            var list = await client.CustomObjects.ListCustomObjectForAllNamespacesAsync<JsonObject>(
                resource.Group, resource.Version, resource.Plural, cancellationToken: ct);
            var items = list.Array("items").OfType<JsonObject>().Select(i => i.Clone()).ToList();
            return (items, list.Str("metadata", "resourceVersion") ?? "");
        },
        (version, onError, ct) => WatchCustom(client, resource, version, onError, ct),
        o => o.Key(),
        o => o.Str("metadata", "resourceVersion"));

    public static InformerSource<V1PersistentVolumeClaim> PersistentVolumeClaims(IKubernetes client) => new(
        async ct =>
        {
            var list = await client.CoreV1.ListPersistentVolumeClaimForAllNamespacesAsync(cancellationToken: ct);
            return (list.Items.ToList(), list.Metadata.ResourceVersion);
        },
        (version, onError, ct) => client.CoreV1.WatchListPersistentVolumeClaimForAllNamespacesAsync(
            resourceVersion: version, allowWatchBookmarks: true, onError: onError, cancellationToken: ct),
        p => new ObjectKey(p.Namespace(), p.Name()),
        p => p.ResourceVersion());

    public static InformerSource<V1StorageClass> StorageClasses(IKubernetes client) => new(
        async ct =>
        {
            var list = await client.StorageV1.ListStorageClassAsync(cancellationToken: ct);
            return (list.Items.ToList(), list.Metadata.ResourceVersion);
        },
        (version, onError, ct) => client.StorageV1.WatchListStorageClassAsync(
            resourceVersion: version, allowWatchBookmarks: true, onError: onError, cancellationToken: ct),
        s => new ObjectKey("", s.Name()),
        s => s.ResourceVersion());

    private static async IAsyncEnumerable<(WatchEventType, JsonObject)> WatchCustom(
        IKubernetes client,
        CustomResource resource,
        string version,
        Action<Exception> onError,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var events = client.CustomObjects.WatchListCustomObjectForAllNamespacesAsync(
            resource.Group, resource.Version, resource.Plural,
            allowWatchBookmarks: true, resourceVersion: version, onError: onError, cancellationToken: cancellationToken);
        await foreach (var (type, obj) in events)
        {
            if (obj is JsonElement element && element.ValueKind == JsonValueKind.Object)
            {
                yield return (type, JsonAccess.Parse(element));
            }
        }
    }
}
