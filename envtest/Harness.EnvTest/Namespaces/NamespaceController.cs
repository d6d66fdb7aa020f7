using System.Text.Json;
using Harness.EnvTest.Informers;
using k8s;
using k8s.Autorest;

namespace Harness.EnvTest.Namespaces;

/// <summary>
/// Finalizes deleted namespaces, as kube-controller-manager's namespace controller: a namespace with a
/// deletionTimestamp and the <c>kubernetes</c> spec finalizer has every object in it deleted; once a live
/// check finds it empty, the finalizer is removed through <c>/finalize</c> and the API server removes the namespace.
/// </summary>
public sealed class NamespaceController(ClusterMetadataCache cache)
{
    /// <summary>The spec finalizer this controller owns.</summary>
    public const string KubernetesFinalizer = "kubernetes";

    /// <summary>Runs whenever the cache changes, until <paramref name="cancellationToken"/> fires.</summary>
    public Task RunAsync(CancellationToken cancellationToken) => cache.RunOnChangesAsync(FinalizeAsync, cancellationToken);

    /// <summary>One pass over the terminating namespaces.</summary>
    public async Task FinalizeAsync(CancellationToken cancellationToken)
    {
        var snapshot = cache.Snapshot();
        foreach (var ns in snapshot.Where(o => o.Resource is { Group: "", Plural: "namespaces" } && o.Deleting))
        {
            var contents = snapshot.Where(o => o.Resource.Namespaced && o.Namespace == ns.Name).ToList();
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

    private async Task<bool> EmptyAsync(string ns, CancellationToken cancellationToken)
    {
        foreach (var resource in cache.Resources.Where(r => r.Namespaced))
        {
            var list = await cache.Client.CustomObjects.ListNamespacedCustomObjectAsync(resource.Group, resource.Version, ns, resource.Plural, limit: 1, cancellationToken: cancellationToken);
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
