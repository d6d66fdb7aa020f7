using System.Text.Json;
using Harness.EnvTest.Informers;
using k8s;
using k8s.Autorest;

namespace Harness.EnvTest.Namespaces;

/// <summary>
/// Finalizes deleted namespaces, as kube-controller-manager's namespace controller: a namespace with a
/// deletionTimestamp and the <c>kubernetes</c> spec finalizer has every object in it deleted; once a live
/// check finds it empty, the finalizer is removed through <c>/finalize</c> and the API server removes the namespace.
/// Driven by the changes the <see cref="ClusterMetadataCache"/> sees: only the namespaces of changed objects are looked at.
/// </summary>
public sealed class NamespaceController(ClusterMetadataCache cache)
{
    /// <summary>The spec finalizer this controller owns.</summary>
    public const string KubernetesFinalizer = "kubernetes";

    /// <summary>Runs whenever the cache changes, until <paramref name="cancellationToken"/> fires.</summary>
    public Task RunAsync(CancellationToken cancellationToken) => cache.RunOnChangesAsync(FinalizeAsync, cancellationToken);

    /// <summary>One pass over the terminating namespaces among those of <paramref name="changed"/> (versions of changed objects).</summary>
    public async Task FinalizeAsync(IReadOnlyList<CachedObject> changed, CancellationToken cancellationToken)
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
        foreach (var ns in names.Keys.Select(n => resource is null ? null : cache.Find(resource, string.Empty, n)).OfType<CachedObject>().Where(o => o.Deleting))
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

            if (contents.Count == 0 && await EmptyAsync(ns.Name, cancellationToken))
            {
                await RemoveFinalizerAsync(ns.Name, cancellationToken);
            }
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
