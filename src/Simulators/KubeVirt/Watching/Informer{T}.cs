using System.Net;
using Harness.Simulators.KubeVirt.Objects;
using k8s;
using k8s.Autorest;

namespace Harness.Simulators.KubeVirt.Watching;

/// <summary>
/// Keeps a local cache of one resource, as client-go's reflector and informer do: list, then watch from
/// the list's resourceVersion, resume the watch when it ends, relist when the version has expired
/// (410 Gone), back off on other errors. Every change is reported to <c>onChange(old, new)</c>.
/// </summary>
internal sealed class Informer<T>
    where T : class
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private readonly InformerSource<T> source;
    private readonly TimeProvider time;
    private readonly Action<T?, T?> onChange;
    private readonly Dictionary<ObjectKey, T> items = [];
    private readonly Lock gate = new();
    private readonly TaskCompletionSource synced = new();

    public Informer(InformerSource<T> source, TimeProvider time, Action<T?, T?> onChange)
    {
        this.source = source;
        this.time = time;
        this.onChange = onChange;
    }

    /// <summary>Completes after the first successful list.</summary>
    public Task Synced => synced.Task;

    public T? Get(ObjectKey key)
    {
        lock (gate)
        {
            return items.GetValueOrDefault(key);
        }
    }

    public IReadOnlyList<T> List()
    {
        lock (gate)
        {
            return [.. items.Values];
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var backoff = TimeSpan.FromMilliseconds(100);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var (listed, version) = await source.List(cancellationToken);
                Replace(listed);
                synced.TrySetResult();
                backoff = TimeSpan.FromMilliseconds(100);
                await WatchUntilExpiredAsync(version, cancellationToken);
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                // Stopping: whatever the interrupted list or watch threw (a cancellation, or a watch body cut short
                // before its first event) ends the informer quietly.
                return;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Gone)
            {
                // The version expired between list and watch: relist at once.
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                // The resource is not served (its CRD is missing): an empty cache, and look again later.
                Replace([]);
                synced.TrySetResult();
                await DelayAsync(backoff, cancellationToken);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                await DelayAsync(backoff, cancellationToken);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }

    private async Task WatchUntilExpiredAsync(string version, CancellationToken cancellationToken)
    {
        while (true)
        {
            var expired = false;
            Exception? failure = null;
            var events = 0;
            await foreach (var (type, obj) in source.Watch(version, OnError, cancellationToken))
            {
                events++;
                var objectVersion = source.ResourceVersion(obj);
                if (!string.IsNullOrEmpty(objectVersion))
                {
                    version = objectVersion;
                }

                Apply(type, obj);
            }

            if (expired)
            {
                return;
            }

            if (failure is not null)
            {
                throw failure;
            }

            if (events == 0)
            {
                // A watch that ends without news: pause briefly so a closing server is not hammered.
                await DelayAsync(TimeSpan.FromSeconds(1), cancellationToken);
            }

            void OnError(Exception e)
            {
                if (e is KubernetesException { Status.Code: 410 })
                {
                    expired = true;
                }
                else
                {
                    failure ??= e;
                }
            }
        }
    }

    private void Apply(WatchEventType type, T obj)
    {
        if (type is WatchEventType.Bookmark or WatchEventType.Error)
        {
            return;
        }

        var key = source.Key(obj);
        T? old;
        lock (gate)
        {
            old = items.GetValueOrDefault(key);
            if (type == WatchEventType.Deleted)
            {
                items.Remove(key);
            }
            else
            {
                items[key] = obj;
            }
        }

        onChange(old, type == WatchEventType.Deleted ? null : obj);
    }

    private void Replace(IReadOnlyList<T> listed)
    {
        var changes = new List<(T? Old, T? New)>();
        lock (gate)
        {
            var fresh = listed.ToDictionary(source.Key);
            foreach (var (key, old) in items)
            {
                if (!fresh.ContainsKey(key))
                {
                    changes.Add((old, null));
                }
            }

            foreach (var (key, obj) in fresh)
            {
                var old = items.GetValueOrDefault(key);
                if (old is null || source.ResourceVersion(old) != source.ResourceVersion(obj))
                {
                    changes.Add((old, obj));
                }
            }

            items.Clear();
            foreach (var (key, obj) in fresh)
            {
                items[key] = obj;
            }
        }

        foreach (var (old, obj) in changes)
        {
            onChange(old, obj);
        }
    }

    private Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
        => Task.Delay(delay, time, cancellationToken);
}
