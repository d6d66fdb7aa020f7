using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.Reflectors;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Harness.EnvTest.Informers;

/// <summary>
/// The metadata of every object of every listable, watchable, deletable resource the API server serves, kept
/// current by one <see cref="Reflector{TKey, T}"/> per resource (list, then watch from the list's resourceVersion,
/// resume, relist on 410 Gone, back off on errors; as kube-controller-manager's metadata informers), rediscovered when
/// CustomResourceDefinitions change. Works against any API server through a <see cref="Kubernetes"/> client, whose
/// watches it reads with <see cref="StreamedWatch"/> (awaiting in the caller's context, so also under a deterministic
/// scheduler); the garbage collector and the namespace controller share one. Indexed by uid, by owner uid and by
/// namespace, and handing each subscriber the objects that changed, so that a controller's work per change is
/// proportional to what it touches. The backoffs' jitter is drawn from <paramref name="random"/> (a seeded source).
/// </summary>
public sealed partial class ClusterMetadataCache(Kubernetes client, TaskFactory taskFactory, TimeProvider time, Random random)
{
    private readonly Lock gate = new();
    private readonly Dictionary<ApiResourceRef, ResourceReflector> reflectors = [];
    // Sets, not lists: every change removes the object's previous version from its namespace's entry, which holds
    // every object of that namespace. The same PartialObject is the same entry (CachedObjectIdentity).
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

    /// <summary>Discovers resources and keeps their reflectors running until <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var backoff = new RetryBackoff(time, Jitter);
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
                await DelayAsync(backoff.Next(), cancellationToken);
            }
        }

        Task[] tasks;
        lock (gate)
        {
            foreach (var reflector in reflectors.Values)
            {
                reflector.Stopping.Cancel();
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
            pending = byUid.Values.SelectMany(set => set).ToList();
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

    // Called under the gate; the caller completes the returned source after leaving it.
    private TaskCompletionSource Signal()
    {
        version++;
        var signalled = changed;
        changed = new TaskCompletionSource();
        return signalled;
    }

    private double Jitter()
    {
        lock (gate)
        {
            return random.NextDouble();
        }
    }

    private async Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, time, cancellationToken);
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
