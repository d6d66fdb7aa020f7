using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.Reflectors;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace Harness.EnvTest.Informers;

/// <summary>Discovery, one reflector per resource, and the indexes its changes keep current.</summary>
public sealed partial class ClusterMetadataCache
{
    /// <summary>
    /// The resources served, and the groups whose version could not be read: a group listed while its last CRD was being
    /// deleted (404), an aggregated API whose backend is down (503). As kube's discovery, those failures are partial: the
    /// other groups are used, and the caller keeps what it had of the failed ones.
    /// </summary>
    private async Task<(IReadOnlyList<ApiResourceRef> Found, IReadOnlySet<string> FailedGroups)> DiscoverAsync(CancellationToken cancellationToken)
    {
        var found = new List<ApiResourceRef>();
        var failed = new HashSet<string>(StringComparer.Ordinal);
        var core = await client.CoreV1.GetAPIResourcesAsync(cancellationToken);
        Add(found, string.Empty, "v1", core);
        var groups = await client.Apis.GetAPIVersionsAsync(cancellationToken);
        foreach (var group in groups.Groups)
        {
            var preferred = group.PreferredVersion?.Version ?? group.Versions[0].Version;
            try
            {
                Add(found, group.Name, preferred, await client.CustomObjects.GetAPIResourcesAsync(group.Name, preferred, cancellationToken));
            }
            catch (HttpOperationException)
            {
                failed.Add(group.Name);
            }
        }

        return (found, failed);
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

    // The resources of groups whose discovery failed are kept as they were, as kube's garbage collector keeps their informers.
    private void Reconcile(IReadOnlyList<ApiResourceRef> discovered, IReadOnlySet<string> failedGroups, CancellationToken cancellationToken)
    {
        TaskCompletionSource signalled;
        lock (gate)
        {
            resources = [.. discovered, .. resources.Where(r => failedGroups.Contains(r.Group))];
            foreach (var gone in reflectors.Keys.Where(r => !resources.Contains(r)).ToList())
            {
                reflectors[gone].Stopping.Cancel();
                foreach (var obj in reflectors[gone].Reflector.List())
                {
                    Forget(new CachedObject(gone, obj));
                }

                reflectors.Remove(gone);
            }

            foreach (var resource in resources.Where(r => !reflectors.ContainsKey(r)))
            {
                var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var reflector = Reflect(resource);
                reflectors[resource] = new ResourceReflector(reflector, stopping);
                running.Add(taskFactory.StartNew(() => reflector.RunAsync(stopping.Token)).Unwrap());
            }

            signalled = Signal();
        }

        signalled.TrySetResult();
    }

    private Reflector<string, PartialObject> Reflect(ApiResourceRef resource)
    {
        var path = resource.Group.Length == 0 ? $"api/{resource.Version}/{resource.Plural}" : $"apis/{resource.Group}/{resource.Version}/{resource.Plural}";
        var source = new ReflectorSource<string, PartialObject>(
            resource.Plural + "." + resource.Group,
            ct => ListAsync(resource, ct),
            (version, onError, ct) => StreamedWatch.ReadAsync<PartialObject>(client, path, version, bookmarks: true, onError, ct),
            obj => (obj.Metadata.Namespace ?? string.Empty) + "/" + obj.Metadata.Name,
            obj => obj.Metadata.ResourceVersion);
        Reflector<string, PartialObject>? reflector = null;
        reflector = new Reflector<string, PartialObject>(source, time, Jitter, NullLogger.Instance, changes => Apply(resource, reflector!, changes));
        return reflector;
    }

    private async Task<(IReadOnlyList<PartialObject> Items, string ResourceVersion)> ListAsync(ApiResourceRef resource, CancellationToken cancellationToken)
    {
        using var generic = new GenericClient(client, resource.Group, resource.Version, resource.Plural, disposeClient: false);
        var list = await generic.ListAsync<ObjectList<PartialObject>>(cancel: cancellationToken);
        return (list.Items, list.Metadata.ResourceVersion ?? string.Empty);
    }

    private void Apply(ApiResourceRef resource, Reflector<string, PartialObject> reflector, IReadOnlyList<ReflectedChange<PartialObject>> changes)
    {
        TaskCompletionSource signalled;
        TaskCompletionSource? trigger = null;
        lock (gate)
        {
            if (!reflectors.TryGetValue(resource, out var current) || current.Reflector != reflector)
            {
                // A reflector of a resource no longer served, still finishing its last batch.
                return;
            }

            foreach (var change in changes)
            {
                if (change.Previous is { } previous)
                {
                    Forget(new CachedObject(resource, previous));
                }

                if (change.Current is { } obj)
                {
                    Remember(new CachedObject(resource, obj));
                }
            }

            if (resource is { Group: "apiextensions.k8s.io", Plural: "customresourcedefinitions" })
            {
                trigger = rediscover;
            }

            signalled = Signal();
        }

        signalled.TrySetResult();
        trigger?.TrySetResult();
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
                set = new HashSet<CachedObject>(CachedObjectIdentity.Instance);
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
