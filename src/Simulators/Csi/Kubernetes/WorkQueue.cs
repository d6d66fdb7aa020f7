namespace Harness.Simulators.Csi.Kubernetes;

/// <summary>
/// client-go's rate-limited work queue for object keys: a key queued twice is processed once; a key
/// added while being processed is processed again after <see cref="Done"/>; failures back off
/// exponentially per key (<see cref="AddRateLimited"/>) until <see cref="Forget"/>.
/// </summary>
internal sealed class WorkQueue(TimeProvider time) : IDisposable
{
    private static readonly TimeSpan BaseDelay = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    private readonly Lock gate = new();
    private readonly Queue<string> queue = new();
    private readonly HashSet<string> dirty = new(StringComparer.Ordinal);
    private readonly HashSet<string> processing = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> failures = new(StringComparer.Ordinal);
    private readonly HashSet<ITimer> timers = [];
    private TaskCompletionSource? waiter;
    private bool disposed;

    public void Add(string key)
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

    public void AddAfter(string key, TimeSpan delay)
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

    public void AddRateLimited(string key)
    {
        int attempt;
        lock (gate)
        {
            attempt = failures[key] = failures.GetValueOrDefault(key) + 1;
        }

        var delay = TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, BaseDelay.Ticks << Math.Min(attempt - 1, 20)));
        AddAfter(key, delay);
    }

    public void Forget(string key)
    {
        lock (gate)
        {
            failures.Remove(key);
        }
    }

    public async Task<string> TakeAsync(CancellationToken cancellationToken)
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

                waiter ??= new TaskCompletionSource();
                wait = waiter.Task;
            }

            await wait.WaitAsync(cancellationToken);
        }
    }

    public void Done(string key)
    {
        TaskCompletionSource? wake = null;
        lock (gate)
        {
            processing.Remove(key);
            if (dirty.Contains(key))
            {
                queue.Enqueue(key);
                (wake, waiter) = (waiter, null);
            }
        }

        wake?.TrySetResult();
    }

    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
            foreach (var timer in timers)
            {
                timer.Dispose();
            }

            timers.Clear();
        }
    }
}
