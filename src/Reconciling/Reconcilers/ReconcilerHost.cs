using Harness.Reflectors;
using Harness.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Harness.Reconciling;

/// <summary>
/// Runs a controller's informers and reconcile loops, as controller-runtime's manager does: register informers
/// (<see cref="Inform{T}"/>, one per resource) and reconcilers (<see cref="Reconcile{TKey}"/>), then <see cref="StartAsync"/>
/// starts the informers through the component's <see cref="ComponentRuntime.Tasks"/>, waits until each has listed once and
/// starts each reconciler's loops (its workers); <see cref="StopAsync"/> ends them all quietly and cancels pending requeues.
/// An optional <see cref="IReconcileObserver"/> sees every queue and outcome; an optional key filter limits which
/// <see cref="ObjectKey"/>s are reconciled (others count as done without a call, as a namespaced manager's are).
/// </summary>
public sealed class ReconcilerHost : IAsyncDisposable
{
    private readonly ComponentRuntime runtime;
    private readonly ILogger logger;
    private readonly IReconcileObserver? observer;
    private readonly Func<ObjectKey, bool>? reconciles;
    private readonly List<Func<CancellationToken, Task>> informers = [];
    private readonly Dictionary<(Type Type, string Resource), object> shared = [];
    private readonly List<Task> synced = [];
    private readonly List<Func<CancellationToken, Task>> loops = [];
    private readonly List<IDisposable> queues = [];
    private readonly List<Task> running = [];
    private readonly CancellationTokenSource stopping = new();
    private bool started;

    /// <param name="runtime">The component's clock, task factory and seed: each informer's backoff jitter is a stream of that seed.</param>
    public ReconcilerHost(ComponentRuntime runtime, ILogger? logger = null, IReconcileObserver? observer = null, Func<ObjectKey, bool>? reconciles = null)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        this.runtime = runtime;
        this.logger = logger ?? NullLogger.Instance;
        this.observer = observer;
        this.reconciles = reconciles;
    }

    /// <summary>
    /// The informer of <paramref name="source"/>'s resource (<see cref="ReflectorSource{TKey, T}.Name"/>) read as <typeparamref name="T"/>:
    /// registered at the first call, shared by later ones, as the controllers of one process share one informer per
    /// resource (controller-runtime's cache, KubeVirt's informer factory). Add its handlers before <see cref="StartAsync"/>.
    /// </summary>
    public Informer<T> Inform<T>(ReflectorSource<ObjectKey, T> source)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(source);
        ThrowIfStarted();
        if (shared.TryGetValue((typeof(T), source.Name), out var existing))
        {
            return (Informer<T>)existing;
        }

        var informer = new Informer<T>(source, runtime.Time, runtime.Random("informer/" + source.Name), logger);
        shared.Add((typeof(T), source.Name), informer);
        informers.Add(informer.RunAsync);
        synced.Add(informer.Synced);
        return informer;
    }

    /// <summary>
    /// Registers a reconciler named <paramref name="name"/> (for logs) with <paramref name="workers"/> loops sharing one
    /// queue (controller-runtime's MaxConcurrentReconciles, KubeVirt's threadiness; a key is never reconciled twice at
    /// once) and returns the queue that feeds it.
    /// </summary>
    public WorkQueue<TKey> Reconcile<TKey>(
        string name,
        Func<TKey, CancellationToken, Task<ReconcileResult>> reconcile,
        ExponentialFailureRateLimiter<TKey>? rateLimiter = null,
        Action<TKey, Exception>? onError = null,
        int workers = 1)
        where TKey : notnull
    {
        ThrowIfStarted();
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        var queue = new WorkQueue<TKey>(runtime.Time, rateLimiter);
        queues.Add(queue);
        var loop = new ReconcileLoop<TKey>(name, queue, Observed(name, reconcile), logger, Observed(name, onError));
        loops.AddRange(Enumerable.Repeat<Func<CancellationToken, Task>>(loop.RunAsync, workers));
        observer?.QueueAdded(name, () => queue.Count);
        return queue;
    }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfStarted();
        started = true;
        var token = stopping.Token;
        foreach (var informer in informers)
        {
            Start(informer, token);
        }

        var cancelled = new TaskCompletionSource();
        using (cancellationToken.Register(() => cancelled.TrySetCanceled(cancellationToken)))
        {
            var all = Task.WhenAll(synced);
            if (await Task.WhenAny(all, cancelled.Task) != all)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        foreach (var loop in loops)
        {
            Start(loop, token);
        }
    }

    /// <summary>Stops the informers and loops, waits for them to end and cancels every pending requeue.</summary>
    public async Task StopAsync()
    {
        if (stopping.IsCancellationRequested)
        {
            return;
        }

        // Cancel, not CancelAsync: the callbacks must run here, on the caller's flow, not on the thread pool. And with no
        // synchronization context: KubernetesClient's watch reader awaits with ConfigureAwait(false) a continuation that
        // the cancellation completes, and .NET inlines such an await only where no context is current; under a custom
        // context (the deterministic scheduler's) it would resume on the thread pool instead.
        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            stopping.Cancel();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }
        Task[] ending;
        lock (running)
        {
            ending = [.. running];
        }

        try
        {
            await Task.WhenAll(ending);
        }
        catch (OperationCanceledException)
        {
        }

        foreach (var queue in queues)
        {
            queue.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        stopping.Dispose();
    }

    private Func<TKey, CancellationToken, Task<ReconcileResult>> Observed<TKey>(string name, Func<TKey, CancellationToken, Task<ReconcileResult>> reconcile)
        where TKey : notnull
    {
        if (observer is null && reconciles is null)
        {
            return reconcile;
        }

        return async (key, cancellationToken) =>
        {
            if (reconciles is not null && key is ObjectKey objectKey && !reconciles(objectKey))
            {
                return ReconcileResult.Done;
            }

            var result = await reconcile(key, cancellationToken);
            observer?.Reconciled(name, key, result);
            return result;
        };
    }

    private Action<TKey, Exception>? Observed<TKey>(string name, Action<TKey, Exception>? onError)
        where TKey : notnull => observer is null
        ? onError
        : (key, error) =>
        {
            observer.Failed(name, key, error);
            onError?.Invoke(key, error);
        };

    private void Start(Func<CancellationToken, Task> work, CancellationToken token)
    {
        var task = runtime.Tasks.StartNew(() => work(token)).Unwrap();
        lock (running)
        {
            running.Add(task);
        }
    }

    private void ThrowIfStarted()
    {
        if (started)
        {
            throw new InvalidOperationException("the reconciler host is already started");
        }
    }
}
