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

    /// <summary>
    /// Discovers resources and keeps their reflectors running until <paramref name="cancellationToken"/> fires; discovers
    /// again when CRDs change, and after a backoff while a group's discovery fails.
    /// </summary>
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
                var (discovered, failedGroups) = await DiscoverAsync(cancellationToken);
                Reconcile(discovered, failedGroups, cancellationToken);
                if (failedGroups.Count == 0)
                {
                    backoff.Reset();
                    await trigger.WaitAsync(cancellationToken);
                }
                else
                {
                    await Task.WhenAny(trigger, DelayAsync(backoff.Next(), cancellationToken));
                }

                lock (gate)
                {
                    rediscover = new TaskCompletionSource();
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (IsTransient(e))
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
    /// every cached object). Changes seen while a pass runs go to the next one. What a pass returns (work it could not
    /// finish), and all of a pass that fails (<see cref="IsTransient"/>), is passed again after a backoff on the cache's
    /// clock, or with the next change if that comes first: as kube's controllers requeue an item rate-limited, so that a
    /// failure in a quiet cluster is not left until some unrelated change.
    /// </summary>
    public async Task RunOnChangesAsync(Func<IReadOnlyList<CachedObject>, CancellationToken, Task<IReadOnlyList<CachedObject>>> pass, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        List<CachedObject> pending;
        lock (gate)
        {
            pending = byUid.Values.SelectMany(set => set).ToList();
            subscribers.Add(pending);
        }

        var backoff = new RetryBackoff(time, Jitter);
        var left = new List<CachedObject>();
        Task? retry = null;
        try
        {
            long seen = -1;
            while (!cancellationToken.IsCancellationRequested)
            {
                List<CachedObject> changes;
                try
                {
                    var change = WaitForChangeAsync(seen, cancellationToken);
                    await (retry is null ? change : Task.WhenAny(change, retry));
                    cancellationToken.ThrowIfCancellationRequested();
                    lock (gate)
                    {
                        seen = version;
                        changes = retry is { IsCompleted: true } ? [.. left, .. pending] : [.. pending];
                        pending.Clear();
                    }
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }

                if (retry is { IsCompleted: true })
                {
                    left.Clear();
                    retry = null;
                }

                IReadOnlyList<CachedObject> unfinished;
                try
                {
                    unfinished = await pass(changes, cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e) when (IsTransient(e))
                {
                    unfinished = changes;
                }

                if (unfinished.Count > 0)
                {
                    left.AddRange(unfinished);
                    retry ??= DelayAsync(backoff.Next(), cancellationToken);
                }
                else if (retry is null)
                {
                    backoff.Reset();
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

    /// <summary>
    /// A failure worth trying again: an error answer, a broken or timed-out request (the client's own timeout cancels it), an
    /// undecodable body.
    /// </summary>
    internal static bool IsTransient(Exception e) =>
        e is HttpOperationException or HttpRequestException or JsonException or KubernetesException or OperationCanceledException;

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
