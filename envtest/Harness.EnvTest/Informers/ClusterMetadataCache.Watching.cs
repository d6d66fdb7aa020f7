using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Harness.EnvTest.Informers;

/// <summary>Discovery, one watch per resource, and the indexes the events keep current.</summary>
public sealed partial class ClusterMetadataCache
{
    private async Task<IReadOnlyList<ApiResourceRef>> DiscoverAsync(CancellationToken cancellationToken)
    {
        var found = new List<ApiResourceRef>();
        var core = await client.CoreV1.GetAPIResourcesAsync(cancellationToken);
        Add(found, string.Empty, "v1", core);
        var groups = await client.Apis.GetAPIVersionsAsync(cancellationToken);
        foreach (var group in groups.Groups)
        {
            var preferred = group.PreferredVersion?.Version ?? group.Versions[0].Version;
            var list = await client.CustomObjects.GetAPIResourcesAsync(group.Name, preferred, cancellationToken);
            Add(found, group.Name, preferred, list);
        }

        return found;
    }

    private static void Add(List<ApiResourceRef> found, string group, string version, V1APIResourceList list)
    {
        foreach (var resource in list.Resources)
        {
            var verbs = resource.Verbs ?? [];
            if (!resource.Name.Contains('/', StringComparison.Ordinal) && verbs.Contains("list") && verbs.Contains("watch") && verbs.Contains("delete"))
            {
                found.Add(new ApiResourceRef(group, version, resource.Name, resource.Kind, resource.Namespaced));
            }
        }
    }

    private void Reconcile(IReadOnlyList<ApiResourceRef> discovered, CancellationToken cancellationToken)
    {
        TaskCompletionSource signalled;
        lock (gate)
        {
            resources = discovered;
            foreach (var gone in watches.Keys.Where(r => !discovered.Contains(r)).ToList())
            {
                watches[gone].Cancel();
                watches.Remove(gone);
                foreach (var obj in objects[gone].Values)
                {
                    Forget(obj);
                }

                objects.Remove(gone);
            }

            foreach (var resource in discovered.Where(r => !watches.ContainsKey(r)))
            {
                var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                watches[resource] = cts;
                objects[resource] = new Dictionary<string, CachedObject>(StringComparer.Ordinal);
                running.Add(taskFactory.StartNew(() => WatchLoopAsync(resource, cts.Token)).Unwrap());
            }

            signalled = Signal();
        }

        signalled.TrySetResult();
    }

    private async Task WatchLoopAsync(ApiResourceRef resource, CancellationToken cancellationToken)
    {
        var isCrd = resource is { Group: "apiextensions.k8s.io", Plural: "customresourcedefinitions" };
        while (!cancellationToken.IsCancellationRequested)
        {
            lock (gate)
            {
                if (objects.TryGetValue(resource, out var map))
                {
                    foreach (var obj in map.Values)
                    {
                        Forget(obj);
                    }

                    map.Clear();
                }
            }

            try
            {
                await foreach (var (type, obj) in Watch(resource, cancellationToken))
                {
                    Apply(resource, type, obj);
                    if (isCrd)
                    {
                        TaskCompletionSource trigger;
                        lock (gate)
                        {
                            trigger = rediscover;
                        }

                        trigger.TrySetResult();
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpOperationException or HttpRequestException or JsonException or KubernetesException or IOException)
            {
                await DelayAsync(cancellationToken);
            }
        }
    }

    private IAsyncEnumerable<(WatchEventType Type, PartialObject Object)> Watch(ApiResourceRef resource, CancellationToken cancellationToken) =>
        watch is null
            ? GenericWatch(resource, cancellationToken)
            : watch(resource.Group.Length == 0 ? $"api/{resource.Version}/{resource.Plural}" : $"apis/{resource.Group}/{resource.Version}/{resource.Plural}", cancellationToken);

    private async IAsyncEnumerable<(WatchEventType Type, PartialObject Object)> GenericWatch(
        ApiResourceRef resource, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var generic = new GenericClient(client, resource.Group, resource.Version, resource.Plural, disposeClient: false);
        await foreach (var change in generic.WatchAsync<PartialObject>(onError: null, cancellationToken))
        {
            yield return change;
        }
    }

    private void Apply(ApiResourceRef resource, WatchEventType type, PartialObject obj)
    {
        if (type is not (WatchEventType.Added or WatchEventType.Modified or WatchEventType.Deleted))
        {
            return;
        }

        var key = (obj.Metadata.Namespace ?? string.Empty) + "/" + obj.Metadata.Name;
        TaskCompletionSource signalled;
        lock (gate)
        {
            if (!objects.TryGetValue(resource, out var map))
            {
                return;
            }

            if (map.Remove(key, out var previous))
            {
                Forget(previous);
            }

            if (type != WatchEventType.Deleted)
            {
                var current = new CachedObject(resource, obj);
                map[key] = current;
                Remember(current);
            }

            signalled = Signal();
        }

        signalled.TrySetResult();
    }

    // The next five are called under the gate.
    private void Remember(CachedObject obj)
    {
        Index(byUid, obj.Uid, obj, add: true);
        if (obj.Resource.Namespaced)
        {
            Index(byNamespace, obj.Namespace, obj, add: true);
        }

        foreach (var uid in obj.OwnerUids)
        {
            Index(byOwnerUid, uid, obj, add: true);
        }

        Changed(obj);
    }

    private void Forget(CachedObject obj)
    {
        Index(byUid, obj.Uid, obj, add: false);
        Index(byNamespace, obj.Namespace, obj, add: false);
        foreach (var uid in obj.OwnerUids)
        {
            Index(byOwnerUid, uid, obj, add: false);
        }

        Changed(obj);
    }

    private void Changed(CachedObject obj)
    {
        foreach (var pending in subscribers)
        {
            pending.Add(obj);
        }
    }

    private static void Index(Dictionary<string, HashSet<CachedObject>> index, string key, CachedObject obj, bool add)
    {
        if (add)
        {
            if (!index.TryGetValue(key, out var set))
            {
                set = new HashSet<CachedObject>(ReferenceEqualityComparer.Instance);
                index[key] = set;
            }

            set.Add(obj);
        }
        else if (index.TryGetValue(key, out var set) && set.Remove(obj) && set.Count == 0)
        {
            index.Remove(key);
        }
    }
}
