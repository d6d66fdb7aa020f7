using System.Text.Json;
using Harness.EnvTest.Informers;
using k8s;
using k8s.Autorest;

namespace Harness.EnvTest.Namespaces;

/// <summary>
/// Finalizes deleted namespaces, as kube-controller-manager's namespace controller: a namespace with a
/// deletionTimestamp and the <c>kubernetes</c> spec finalizer has every object in it deleted; once a live
/// check finds it empty, the finalizer is removed through <c>/finalize</c> and the API server removes the namespace.
/// Driven by the changes the <see cref="ClusterMetadataCache"/> sees: only the namespaces of changed objects are looked at,
/// up to <see cref="ConcurrentSyncs"/> at a time; one whose contents the cache does not show yet, or that failed, is looked
/// at again after a backoff.
/// </summary>
public sealed class NamespaceController(ClusterMetadataCache cache)
{
    /// <summary>The spec finalizer this controller owns.</summary>
    public const string KubernetesFinalizer = "kubernetes";

    /// <summary>How many namespaces are finalized at once: kube-controller-manager's <c>--concurrent-namespace-syncs</c> default.</summary>
    public const int ConcurrentSyncs = 10;

    /// <summary>Runs whenever the cache changes, until <paramref name="cancellationToken"/> fires.</summary>
    public Task RunAsync(CancellationToken cancellationToken) => cache.RunOnChangesAsync(FinalizeAsync, cancellationToken);

    /// <summary>
    /// One pass over the terminating namespaces among those of <paramref name="changed"/> (versions of changed objects);
    /// returns those to look at again.
    /// </summary>
    public async Task<IReadOnlyList<CachedObject>> FinalizeAsync(IReadOnlyList<CachedObject> changed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changed);
        var names = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var version in changed)
        {
            var name = IsNamespace(version.Resource) ? version.Name : version.Namespace;
            if (name.Length > 0)
            {
                names.TryAdd(name, true);
            }
        }

        var resource = cache.Resources.FirstOrDefault(IsNamespace);
        var terminating = names.Keys.Select(n => resource is null ? null : cache.Find(resource, string.Empty, n)).OfType<CachedObject>().Where(o => o.Deleting);
        var left = new List<CachedObject>();
        foreach (var batch in terminating.Chunk(ConcurrentSyncs))
        {
            var settled = await Task.WhenAll(batch.Select(ns => SyncAsync(ns, cancellationToken)));
            left.AddRange(batch.Where((_, i) => !settled[i]));
        }

        return left;
    }

    /// <summary>
    /// Deletes what the cache shows in <paramref name="ns"/>, or finalizes it when nothing is left; false when it is to be
    /// looked at again: the live check found objects the cache has not seen yet (no change may bring it back), or a request
    /// failed. Objects the cache shows bring it back when they change.
    /// </summary>
    private async Task<bool> SyncAsync(CachedObject ns, CancellationToken cancellationToken)
    {
        try
        {
            var contents = cache.InNamespace(ns.Name);
            foreach (var item in contents.Where(c => !c.Deleting))
            {
                try
                {
                    await cache.DeleteAsync(item.Resource, item.Namespace, item.Name, item.Uid, "Background", cancellationToken);
                }
                catch (HttpOperationException e) when (e.Response.StatusCode is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.Conflict)
                {
                }
            }

            if (contents.Count > 0)
            {
                return true;
            }

            if (!await EmptyAsync(ns.Name, cancellationToken))
            {
                return false;
            }

            await RemoveFinalizerAsync(ns.Name, cancellationToken);
            return true;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && ClusterMetadataCache.IsTransient(e))
        {
            return false;
        }
    }

    private static bool IsNamespace(ApiResourceRef resource) => resource is { Group: "", Plural: "namespaces" };

    private async Task<bool> EmptyAsync(string ns, CancellationToken cancellationToken)
    {
        foreach (var resource in cache.Resources.Where(r => r.Namespaced))
        {
            object list;
            try
            {
                list = await cache.Client.CustomObjects.ListNamespacedCustomObjectAsync(resource.Group, resource.Version, ns, resource.Plural, limit: 1, cancellationToken: cancellationToken);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.MethodNotAllowed)
            {
                continue; // a resource gone since discovery (a deleted CRD's) holds nothing, as kube's listCollection takes it
            }

            if (JsonSerializer.SerializeToNode(list)?["items"]?.AsArray().Count > 0)
            {
                return false;
            }
        }

        return true;
    }

    private async Task RemoveFinalizerAsync(string name, CancellationToken cancellationToken)
    {
        var live = await cache.Client.CoreV1.ReadNamespaceAsync(name, cancellationToken: cancellationToken);
        if (live.Spec?.Finalizers is not { } finalizers || !finalizers.Remove(KubernetesFinalizer))
        {
            return;
        }

        try
        {
            await cache.Client.CoreV1.ReplaceNamespaceFinalizeAsync(live, name, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.Conflict)
        {
        }
    }
}
