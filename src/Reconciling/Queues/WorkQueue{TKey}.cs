namespace Harness.Reconciling;

/// <summary>
/// client-go's rate-limited work queue: a key queued twice is taken once; a key added while it is being processed
/// is not handed to another worker but queued again when <see cref="Done"/> is called; a key waiting for a delayed
/// add keeps only its earliest due time; failures back off per key (<see cref="AddRateLimited"/>) until
/// <see cref="Forget"/>. Several workers may take from one queue; each queued key wakes one waiting taker.
/// Delays run on the injected <see cref="TimeProvider"/>.
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
    private readonly Queue<TaskCompletionSource> waiters = new();
    private long generation;
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
        lock (gate)
        {
            if (disposed || !dirty.Add(key) || processing.Contains(key))
            {
                return;
            }

            queue.Enqueue(key);
        }

        WakeOne();
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

    /// <summary>
    /// Waits for a key and marks it as being processed; the caller must call <see cref="Done"/>. Waiting takers are
    /// woken one per queued key, first come first served, as client-go's condition variable signals one waiter.
    /// </summary>
    public async Task<TKey> TakeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            // Continuations run where the taker awaits (the deterministic scheduler, when there is one):
            // neither RunContinuationsAsynchronously nor Task.WaitAsync, which both hop to the thread pool.
            var turn = new TaskCompletionSource();
            bool cancelled, handOn;
            lock (gate)
            {
                cancelled = cancellationToken.IsCancellationRequested;
                if (!cancelled && queue.TryDequeue(out var key))
                {
                    dirty.Remove(key);
                    processing.Add(key);
                    return key;
                }

                // A taker woken and then cancelled before it ran passes its turn on, or the key would wait for the next add.
                handOn = cancelled && queue.Count > 0;
                if (!cancelled)
                {
                    waiters.Enqueue(turn);
                }
            }

            if (cancelled)
            {
                if (handOn)
                {
                    WakeOne();
                }

                throw new OperationCanceledException(cancellationToken);
            }

            using (cancellationToken.Register(() => turn.TrySetCanceled(cancellationToken)))
            {
                await turn.Task;
            }
        }
    }

    /// <summary>Ends the processing of <paramref name="key"/>; if it was added meanwhile, it is queued again.</summary>
    public void Done(TKey key)
    {
        lock (gate)
        {
            processing.Remove(key);
            if (disposed || !dirty.Contains(key))
            {
                return;
            }

            queue.Enqueue(key);
        }

        WakeOne();
    }

    // One waiter per queued key, not all of them: a waiter cancelled meanwhile refuses its turn and the next one gets it.
    private void WakeOne()
    {
        while (true)
        {
            TaskCompletionSource? next;
            lock (gate)
            {
                if (!waiters.TryDequeue(out next))
                {
                    return;
                }
            }

            if (next.TrySetResult())
            {
                return;
            }
        }
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
