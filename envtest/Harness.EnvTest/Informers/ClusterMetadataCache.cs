using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Harness.EnvTest.Informers;

/// <summary>
/// The metadata of every object of every listable, watchable, deletable resource the API server serves, kept
/// current by one watch per resource (as kube-controller-manager's metadata informers), rediscovered when
/// CustomResourceDefinitions change. Works against any API server through <see cref="IKubernetes"/>; the
/// garbage collector and the namespace controller share one. Indexed by uid, by owner uid and by namespace, and
/// handing each subscriber the objects that changed, so that a controller's work per change is proportional to what it touches.
/// </summary>
public sealed class ClusterMetadataCache(IKubernetes client, TaskFactory taskFactory, TimeProvider time)
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly Lock gate = new();
    private readonly Dictionary<ApiResourceRef, Dictionary<string, CachedObject>> objects = [];
    private readonly Dictionary<ApiResourceRef, CancellationTokenSource> watches = [];
    // Sets, not lists: every change removes the object's previous version from its namespace's entry, which holds
    // every object of that namespace.
    private readonly Dictionary<string, HashSet<CachedObject>> byUid = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<CachedObject>> byOwnerUid = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<CachedObject>> byNamespace = new(StringComparer.Ordinal);
    private readonly List<List<CachedObject>> subscribers = [];
    private readonly List<Task> running = [];
    private IReadOnlyList<ApiResourceRef> resources = [];
    private long version;
    // Completed outside the gate, without RunContinuationsAsynchronously: waiters wait through Task.WaitAsync, whose
    // completion would otherwise be queued to the thread pool without the caller's context, escaping a deterministic scheduler.
    private TaskCompletionSource changed = new();
    private TaskCompletionSource rediscover = new();

    /// <summary>The client the cache reads through; controllers write through it too.</summary>
    public IKubernetes Client => client;

    /// <summary>The resources currently watched.</summary>
    public IReadOnlyList<ApiResourceRef> Resources
    {
        get
        {
            lock (gate)
            {
                return resources;
            }
        }
    }

    /// <summary>Discovers resources and keeps their watches running until <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Task trigger;
            lock (gate)
            {
                trigger = rediscover.Task;
            }

            try
            {
                var discovered = await DiscoverAsync(cancellationToken);
                Reconcile(discovered, cancellationToken);
                await trigger.WaitAsync(cancellationToken);
                lock (gate)
                {
                    rediscover = new TaskCompletionSource();
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is HttpOperationException or HttpRequestException or JsonException or KubernetesException)
            {
                await DelayAsync(cancellationToken);
            }
        }

        Task[] tasks;
        lock (gate)
        {
            foreach (var cts in watches.Values)
            {
                cts.Cancel();
            }

            tasks = [.. running];
        }

        foreach (var task in tasks)
        {
            await Suppress(task);
        }
    }

    /// <summary>A counter that grows with every change the cache sees.</summary>
    public long Version
    {
        get
        {
            lock (gate)
            {
                return version;
            }
        }
    }

    /// <summary>Completes when <see cref="Version"/> differs from <paramref name="seen"/>.</summary>
    public async Task WaitForChangeAsync(long seen, CancellationToken cancellationToken)
    {
        Task wait;
        lock (gate)
        {
            if (version != seen)
            {
                return;
            }

            wait = changed.Task;
        }

        await wait.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="pass"/> after changes of the cache until <paramref name="cancellationToken"/> fires, with the
    /// versions of the objects that changed since the previous pass (before and after each change; the first pass gets
    /// every cached object). Changes seen while a pass runs go to the next one. A pass whose write fails (usually a
    /// conflict) gets its changes again with the next change.
    /// </summary>
    public async Task RunOnChangesAsync(Func<IReadOnlyList<CachedObject>, CancellationToken, Task> pass, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        List<CachedObject> pending;
        lock (gate)
        {
            pending = objects.Values.SelectMany(o => o.Values).ToList();
            subscribers.Add(pending);
        }

        try
        {
            long seen = -1;
            while (!cancellationToken.IsCancellationRequested)
            {
                List<CachedObject> changes;
                try
                {
                    await WaitForChangeAsync(seen, cancellationToken);
                    lock (gate)
                    {
                        seen = version;
                        changes = [.. pending];
                        pending.Clear();
                    }
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }

                try
                {
                    await pass(changes, cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e) when (e is HttpOperationException or HttpRequestException or JsonException or KubernetesException)
                {
                    lock (gate)
                    {
                        pending.InsertRange(0, changes);
                    }
                }
            }
        }
        finally
        {
            lock (gate)
            {
                subscribers.Remove(pending);
            }
        }
    }

    /// <summary>The cached objects with <paramref name="uid"/> (one, unless two resources serve the same objects).</summary>
    public IReadOnlyList<CachedObject> WithUid(string uid) => Lookup(byUid, uid);

    /// <summary>The cached objects with an owner reference to <paramref name="uid"/>.</summary>
    public IReadOnlyList<CachedObject> DependentsOf(string uid) => Lookup(byOwnerUid, uid);

    /// <summary>The cached objects in namespace <paramref name="ns"/>.</summary>
    public IReadOnlyList<CachedObject> InNamespace(string ns) => Lookup(byNamespace, ns);

    /// <summary>The cached version of the object of <paramref name="resource"/> at <paramref name="ns"/>/<paramref name="name"/>, or null.</summary>
    public CachedObject? Find(ApiResourceRef resource, string ns, string name)
    {
        lock (gate)
        {
            return objects.GetValueOrDefault(resource)?.GetValueOrDefault(ns + "/" + name);
        }
    }

    /// <summary>The resource serving <paramref name="apiVersion"/>/<paramref name="kind"/> (owner references name kinds, not resources).</summary>
    public ApiResourceRef? ResolveKind(string apiVersion, string kind)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var group = slash < 0 ? string.Empty : apiVersion[..slash];
        lock (gate)
        {
            return resources.FirstOrDefault(r => r.Group == group && r.Kind == kind);
        }
    }

    /// <summary>Reads one object live (not from the cache); null when it does not exist.</summary>
    public async Task<JsonObject?> ReadAsync(ApiResourceRef resource, string ns, string name, CancellationToken cancellationToken)
    {
        try
        {
            var result = resource.Namespaced
                ? await client.CustomObjects.GetNamespacedCustomObjectAsync(resource.Group, resource.Version, ns, resource.Plural, name, cancellationToken)
                : await client.CustomObjects.GetClusterCustomObjectAsync(resource.Group, resource.Version, resource.Plural, name, cancellationToken);
            return JsonSerializer.SerializeToNode(result)?.AsObject();
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Replaces one object (optimistic: the object's resourceVersion must still be current).</summary>
    public async Task ReplaceAsync(ApiResourceRef resource, JsonObject obj, CancellationToken cancellationToken)
    {
        var ns = obj["metadata"]?["namespace"]?.GetValue<string>() ?? string.Empty;
        var name = obj["metadata"]!["name"]!.GetValue<string>();
        if (resource.Namespaced)
        {
            await client.CustomObjects.ReplaceNamespacedCustomObjectAsync(obj, resource.Group, resource.Version, ns, resource.Plural, name, cancellationToken: cancellationToken);
        }
        else
        {
            await client.CustomObjects.ReplaceClusterCustomObjectAsync(obj, resource.Group, resource.Version, resource.Plural, name, cancellationToken: cancellationToken);
        }
    }

    /// <summary>Deletes one object with a propagation policy, only if it still has <paramref name="uid"/>.</summary>
    public async Task DeleteAsync(ApiResourceRef resource, string ns, string name, string uid, string propagationPolicy, CancellationToken cancellationToken)
    {
        var options = new V1DeleteOptions { PropagationPolicy = propagationPolicy, Preconditions = new V1Preconditions { Uid = uid } };
        if (resource.Namespaced)
        {
            await client.CustomObjects.DeleteNamespacedCustomObjectAsync(resource.Group, resource.Version, ns, resource.Plural, name, options, cancellationToken: cancellationToken);
        }
        else
        {
            await client.CustomObjects.DeleteClusterCustomObjectAsync(resource.Group, resource.Version, resource.Plural, name, options, cancellationToken: cancellationToken);
        }
    }

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
                using var generic = new GenericClient(client, resource.Group, resource.Version, resource.Plural, disposeClient: false);
                await foreach (var (type, obj) in generic.WatchAsync<PartialObject>(onError: null, cancellationToken))
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

    private IReadOnlyList<CachedObject> Lookup(Dictionary<string, HashSet<CachedObject>> index, string key)
    {
        lock (gate)
        {
            return index.TryGetValue(key, out var set) ? [.. set] : [];
        }
    }

    // Called under the gate; the caller completes the returned source after leaving it.
    private TaskCompletionSource Signal()
    {
        version++;
        var signalled = changed;
        changed = new TaskCompletionSource();
        return signalled;
    }

    private async Task DelayAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(RetryDelay, time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task Suppress(Task task)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
        }
    }
}
