namespace Harness.Reconciling;

/// <summary>
/// client-go's rate-limited work queue: a key queued twice is taken once; a key added while it is being processed
/// is not handed to another worker but queued again when <see cref="Done"/> is called; a key waiting for a delayed
/// add keeps only its earliest due time; failures back off per key (<see cref="AddRateLimited"/>) until
/// <see cref="Forget"/>. Delays run on the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class WorkQueue<TKey> : IDisposable
    where TKey : notnull
{
    private readonly TimeProvider time;
    private readonly ExponentialFailureRateLimiter<TKey> rateLimiter;
    private readonly Lock gate = new();
    private readonly Queue<TKey> queue = new();
    private readonly HashSet<TKey> dirty = [];
    private readonly HashSet<TKey> processing = [];
    private readonly Dictionary<TKey, (DateTimeOffset Due, long Generation, ITimer Timer)> waiting = [];
    private long generation;
    private TaskCompletionSource? waiter;
    private bool disposed;

    public WorkQueue(TimeProvider time, ExponentialFailureRateLimiter<TKey>? rateLimiter = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        this.time = time;
        this.rateLimiter = rateLimiter ?? new ExponentialFailureRateLimiter<TKey>();
    }

    /// <summary>How many keys are ready to be taken.</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return queue.Count;
            }
        }
    }

    public void Add(TKey key)
    {
        TaskCompletionSource? wake = null;
        lock (gate)
        {
            if (disposed || !dirty.Add(key) || processing.Contains(key))
            {
                return;
            }

            queue.Enqueue(key);
            (wake, waiter) = (waiter, null);
        }

        wake?.TrySetResult();
    }

    /// <summary>Adds <paramref name="key"/> once <paramref name="delay"/> has passed on the clock (at once when not positive).</summary>
    public void AddAfter(TKey key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }

        lock (gate)
        {
            var due = time.GetUtcNow() + delay;
            if (disposed || (waiting.TryGetValue(key, out var pending) && pending.Due <= due))
            {
                return;
            }

            pending.Timer?.Dispose();
            var current = ++generation;
            waiting[key] = (due, current, time.CreateTimer(_ => Fire(key, current), null, delay, Timeout.InfiniteTimeSpan));
        }
    }

    /// <summary>Adds a failed key after its back-off (<see cref="ExponentialFailureRateLimiter{TKey}.When"/>).</summary>
    public void AddRateLimited(TKey key) => AddAfter(key, rateLimiter.When(key));

    /// <summary>Ends the back-off of <paramref name="key"/>: it succeeded.</summary>
    public void Forget(TKey key) => rateLimiter.Forget(key);

    public int Requeues(TKey key) => rateLimiter.Requeues(key);

    /// <summary>Waits for a key and marks it as being processed; the caller must call <see cref="Done"/>.</summary>
    public async Task<TKey> TakeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wait;
            lock (gate)
            {
                if (queue.TryDequeue(out var key))
                {
                    dirty.Remove(key);
                    processing.Add(key);
                    return key;
                }

                // Continuations run where the waiter awaits (the deterministic scheduler, when there is one):
                // neither RunContinuationsAsynchronously nor Task.WaitAsync, which both hop to the thread pool.
                waiter ??= new TaskCompletionSource();
                wait = waiter.Task;
            }

            var cancelled = new TaskCompletionSource();
            using (cancellationToken.Register(() => cancelled.TrySetCanceled(cancellationToken)))
            {
                if (await Task.WhenAny(wait, cancelled.Task) != wait)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
        }
    }

    /// <summary>Ends the processing of <paramref name="key"/>; if it was added meanwhile, it is queued again.</summary>
    public void Done(TKey key)
    {
        TaskCompletionSource? wake = null;
        lock (gate)
        {
            processing.Remove(key);
            if (!disposed && dirty.Contains(key))
            {
                queue.Enqueue(key);
                (wake, waiter) = (waiter, null);
            }
        }

        wake?.TrySetResult();
    }

    /// <summary>Cancels the delayed adds; later adds are ignored.</summary>
    public void Dispose()
    {
        List<ITimer> timers;
        lock (gate)
        {
            disposed = true;
            timers = [.. waiting.Values.Select(w => w.Timer)];
            waiting.Clear();
        }

        foreach (var timer in timers)
        {
            timer.Dispose();
        }
    }

    private void Fire(TKey key, long firing)
    {
        ITimer timer;
        lock (gate)
        {
            if (!waiting.TryGetValue(key, out var pending) || pending.Generation != firing)
            {
                return;
            }

            waiting.Remove(key);
            timer = pending.Timer;
        }

        timer.Dispose();
        Add(key);
    }
}
