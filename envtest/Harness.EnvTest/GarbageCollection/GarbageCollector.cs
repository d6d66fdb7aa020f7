using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.EnvTest.Informers;
using k8s;
using k8s.Autorest;

namespace Harness.EnvTest.GarbageCollection;

/// <summary>
/// The ownerReferences garbage collector, as kube-controller-manager runs it, over any API server:
/// dependents whose owners are all gone are deleted (in the background, or in the foreground when an owner
/// waits for them with <c>blockOwnerDeletion</c>); an owner deleted in the foreground keeps its
/// <c>foregroundDeletion</c> finalizer until no blocking dependent is left; an owner deleted with the
/// <c>orphan</c> finalizer first has its dependents' references to it removed. Driven by the changes the
/// <see cref="ClusterMetadataCache"/> sees: a changed object is looked at as an owner and as a dependent, together
/// with the owners it names (before and after the change) and its dependents; nothing else is.
/// </summary>
public sealed class GarbageCollector(ClusterMetadataCache cache)
{
    /// <summary>The finalizer of a foreground deletion.</summary>
    public const string ForegroundFinalizer = "foregroundDeletion";

    /// <summary>The finalizer of an orphaning deletion.</summary>
    public const string OrphanFinalizer = "orphan";

    /// <summary>Runs passes whenever the cache changes, until <paramref name="cancellationToken"/> fires.</summary>
    public Task RunAsync(CancellationToken cancellationToken) => cache.RunOnChangesAsync(CollectAsync, cancellationToken);

    /// <summary>
    /// One pass over what <paramref name="changed"/> (versions of changed objects) may affect: acts on every owner
    /// and dependent among them that needs it. Leaves nothing to look at again unless it fails: what it waits for changes.
    /// </summary>
    public async Task<IReadOnlyList<CachedObject>> CollectAsync(IReadOnlyList<CachedObject> changed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changed);
        var owners = new Dictionary<CachedObject, bool>();
        var dependents = new Dictionary<CachedObject, bool>();
        foreach (var version in changed)
        {
            foreach (var same in cache.WithUid(version.Uid))
            {
                owners.TryAdd(same, true);
                dependents.TryAdd(same, true);
            }

            foreach (var dependent in cache.DependentsOf(version.Uid))
            {
                dependents.TryAdd(dependent, true);
            }

            foreach (var uid in version.OwnerUids)
            {
                foreach (var owner in cache.WithUid(uid))
                {
                    owners.TryAdd(owner, true);
                }
            }
        }

        foreach (var owner in owners.Keys.Where(o => o.Deleting))
        {
            var mine = cache.DependentsOf(owner.Uid);
            if (owner.Finalizers.Contains(OrphanFinalizer))
            {
                var orphaned = true;
                foreach (var dependent in mine)
                {
                    orphaned &= await EditAsync(dependent, obj => RemoveOwnerReferences(obj, [owner.Uid]), cancellationToken);
                }

                if (orphaned)
                {
                    await EditAsync(owner, obj => RemoveFinalizer(obj, OrphanFinalizer), cancellationToken);
                }
            }
            else if (owner.Finalizers.Contains(ForegroundFinalizer)
                && !mine.Any(d => d.Object.Metadata.OwnerReferences!.Any(r => r.Uid == owner.Uid && r.BlockOwnerDeletion == true)))
            {
                await EditAsync(owner, obj => RemoveFinalizer(obj, ForegroundFinalizer), cancellationToken);
            }
        }

        foreach (var dependent in dependents.Keys.Where(o => !o.Deleting && o.Object.Metadata.OwnerReferences is { Count: > 0 }))
        {
            await CollectDependentAsync(dependent, cancellationToken);
        }

        return [];
    }

    /// <summary>
    /// Judges a dependent as it is now, read live (as kube's <c>attemptToDeleteItem</c> does): the version the pass began with may
    /// be stale by the time it is judged (this pass may just have orphaned it, and its owner then left the cache).
    /// </summary>
    private async Task CollectDependentAsync(CachedObject cached, CancellationToken cancellationToken)
    {
        var live = await cache.ReadAsync(cached.Resource, cached.Namespace, cached.Name, cancellationToken);
        if (live?.Deserialize<PartialObject>() is not { } latest
            || latest.Metadata.Uid != cached.Uid
            || latest.Metadata.DeletionTimestamp is not null
            || latest.Metadata.OwnerReferences is not { Count: > 0 })
        {
            return;
        }

        var dependent = cached with { Object = latest };
        var solid = 0;
        var dangling = new List<string>();
        var waitingBlocked = false;
        foreach (var reference in dependent.Object.Metadata.OwnerReferences!)
        {
            var owner = cache.WithUid(reference.Uid).FirstOrDefault();
            if (owner is null && !await OwnerGoneAsync(dependent, reference, cancellationToken))
            {
                solid++;
                continue;
            }

            if (owner is null)
            {
                dangling.Add(reference.Uid);
            }
            else if (owner.Deleting && owner.Finalizers.Contains(ForegroundFinalizer))
            {
                waitingBlocked |= reference.BlockOwnerDeletion == true;
            }
            else
            {
                solid++;
            }
        }

        if (solid > 0)
        {
            if (dangling.Count > 0)
            {
                await EditAsync(dependent, obj => RemoveOwnerReferences(obj, dangling), cancellationToken);
            }

            return;
        }

        var policy = waitingBlocked ? "Foreground" : "Background";
        try
        {
            await cache.DeleteAsync(dependent.Resource, dependent.Namespace, dependent.Name, dependent.Uid, policy, cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.Conflict)
        {
        }
    }

    /// <summary>Confirms with a live read that an owner missing from the cache is really gone (or replaced by another uid).</summary>
    private async Task<bool> OwnerGoneAsync(CachedObject dependent, OwnerReference reference, CancellationToken cancellationToken)
    {
        var resource = cache.ResolveKind(reference.ApiVersion, reference.Kind);
        if (resource is null)
        {
            return false;
        }

        var owner = await cache.ReadAsync(resource, resource.Namespaced ? dependent.Namespace : string.Empty, reference.Name, cancellationToken);
        return owner is null || owner["metadata"]?["uid"]?.GetValue<string>() != reference.Uid;
    }

    /// <summary>Reads the live object, edits it and writes it back; false when a conflicting write got there first.</summary>
    private async Task<bool> EditAsync(CachedObject target, Func<JsonObject, bool> edit, CancellationToken cancellationToken)
    {
        var live = await cache.ReadAsync(target.Resource, target.Namespace, target.Name, cancellationToken);
        if (live is null || live["metadata"]?["uid"]?.GetValue<string>() != target.Uid || !edit(live))
        {
            return true;
        }

        try
        {
            await cache.ReplaceAsync(target.Resource, live, cancellationToken);
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    private static bool RemoveFinalizer(JsonObject obj, string finalizer)
    {
        if (obj["metadata"]?["finalizers"] is not JsonArray finalizers)
        {
            return false;
        }

        var match = finalizers.FirstOrDefault(f => f?.GetValue<string>() == finalizer);
        return match is not null && finalizers.Remove(match);
    }

    private static bool RemoveOwnerReferences(JsonObject obj, IReadOnlyCollection<string> uids)
    {
        if (obj["metadata"]?["ownerReferences"] is not JsonArray references)
        {
            return false;
        }

        var removed = references.Where(r => uids.Contains(r?["uid"]?.GetValue<string>() ?? string.Empty)).ToList();
        foreach (var reference in removed)
        {
            references.Remove(reference);
        }

        if (references.Count == 0)
        {
            obj["metadata"]!.AsObject().Remove("ownerReferences");
        }

        return removed.Count > 0;
    }
}
