using Harness.Simulators.KubeVirt.Objects;

namespace Harness.Simulators.KubeVirt.Watching;

/// <summary>
/// A keyed work queue shaped like client-go's: a key queued twice is processed once; a key added while
/// it is being processed is processed again afterwards; delayed adds fire on the injected clock.
/// </summary>
internal sealed class WorkQueue : IDisposable
{
    private readonly TimeProvider time;
    private readonly Lock gate = new();
    private readonly Queue<ObjectKey> queue = new();
    private readonly HashSet<ObjectKey> queued = [];
    private readonly HashSet<ObjectKey> processing = [];
    private readonly HashSet<ObjectKey> dirty = [];
    private readonly Dictionary<ObjectKey, int> failures = [];
    private readonly HashSet<ITimer> timers = [];
    private TaskCompletionSource? waiter;
    private bool disposed;

    public WorkQueue(TimeProvider time) => this.time = time;

    public void Add(ObjectKey key)
    {
        TaskCompletionSource? wake = null;
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            if (processing.Contains(key))
            {
                dirty.Add(key);
                return;
            }

            if (queued.Add(key))
            {
                queue.Enqueue(key);
                wake = waiter;
                waiter = null;
            }
        }

        wake?.TrySetResult();
    }

    public void AddAfter(ObjectKey key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }

        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            ITimer? timer = null;
            timer = time.CreateTimer(
                _ =>
                {
                    lock (gate)
                    {
                        timers.Remove(timer!);
                    }

                    timer!.Dispose();
                    Add(key);
                },
                null,
                delay,
                Timeout.InfiniteTimeSpan);
            timers.Add(timer);
        }
    }

    /// <summary>Re-adds a failed key after an exponential backoff (5 ms doubling, at most 30 s).</summary>
    public void AddRateLimited(ObjectKey key)
    {
        int attempt;
        lock (gate)
        {
            attempt = failures.GetValueOrDefault(key);
            failures[key] = attempt + 1;
        }

        var delay = TimeSpan.FromMilliseconds(Math.Min(5 * Math.Pow(2, Math.Min(attempt, 20)), 30_000));
        AddAfter(key, delay);
    }

    public void Forget(ObjectKey key)
    {
        lock (gate)
        {
            failures.Remove(key);
        }
    }

    public async Task<ObjectKey> TakeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wait;
            lock (gate)
            {
                if (queue.TryDequeue(out var key))
                {
                    queued.Remove(key);
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

    public void Done(ObjectKey key)
    {
        bool again;
        lock (gate)
        {
            processing.Remove(key);
            again = dirty.Remove(key);
        }

        if (again)
        {
            Add(key);
        }
    }

    public void Dispose()
    {
        List<ITimer> pending;
        lock (gate)
        {
            disposed = true;
            pending = [.. timers];
            timers.Clear();
        }

        foreach (var timer in pending)
        {
            timer.Dispose();
        }
    }
}
