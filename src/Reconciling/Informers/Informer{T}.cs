using System.Net;
using k8s;
using k8s.Autorest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Harness.Reconciling;

/// <summary>
/// client-go's reflector and store in one: lists, then watches from the list's resourceVersion, keeps a cache
/// keyed <see cref="ObjectKey"/>, tells its handlers which objects changed, resumes a closed watch from the last
/// resourceVersion seen, relists when that version expired (410 Gone), and backs off on other errors. A resource
/// the server does not serve (404, its CRD missing) is an empty, synced cache that is listed again later.
/// Stopping (cancelling <see cref="RunAsync"/>) ends it quietly, whatever the interrupted call threw.
/// </summary>
public sealed class Informer<T>
    where T : class
{
    /// <summary>The first pause after a failed list or watch; it doubles up to <see cref="MaxBackoff"/>.</summary>
    public static readonly TimeSpan InitialBackoff = TimeSpan.FromMilliseconds(100);

    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    /// <summary>The pause before resuming a watch that ended without delivering anything, so a closing server is not hammered.</summary>
    public static readonly TimeSpan EmptyWatchPause = TimeSpan.FromSeconds(1);

    private readonly InformerSource<T> source;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly Lock gate = new();
    private readonly Dictionary<ObjectKey, T> items = [];
    private readonly List<Action<T>> handlers = [];
    private readonly TaskCompletionSource synced = new();

    public Informer(InformerSource<T> source, TimeProvider time, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(time);
        this.source = source;
        this.time = time;
        this.logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Completes after the first successful list.</summary>
    public Task Synced => synced.Task;

    /// <summary>
    /// Adds a handler called after each change with the new object, or with the last state of a deleted one.
    /// Handlers run on the informer's flow: they should only enqueue keys.
    /// </summary>
    public void OnChange(Action<T> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (gate)
        {
            handlers.Add(handler);
        }
    }

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
        var backoff = InitialBackoff;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var (listed, version) = await source.List(cancellationToken);
                Replace(listed);
                synced.TrySetResult();
                backoff = InitialBackoff;
                await WatchUntilExpiredAsync(version, cancellationToken);
                logger.LogInformation("Watch of {Resource} expired; relisting", source.Name);
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Gone)
            {
                logger.LogInformation("List or watch of {Resource} answered 410 Gone; relisting", source.Name);
            }
            catch (Exception e)
            {
                if (e is HttpOperationException { Response.StatusCode: HttpStatusCode.NotFound })
                {
                    Replace([]);
                    synced.TrySetResult();
                }

                logger.LogWarning("List or watch of {Resource} failed, retrying in {Backoff}: {Error}", source.Name, backoff, e.Message);
                if (!await DelayAsync(backoff, cancellationToken))
                {
                    return;
                }

                backoff = backoff * 2 > MaxBackoff ? MaxBackoff : backoff * 2;
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
                if (source.ResourceVersion(obj) is { Length: > 0 } objectVersion)
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

            if (events == 0 && !await DelayAsync(EmptyWatchPause, cancellationToken))
            {
                return;
            }

            void OnError(Exception e)
            {
                if (e is KubernetesException { Status.Code: (int)HttpStatusCode.Gone })
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
        lock (gate)
        {
            if (type == WatchEventType.Deleted)
            {
                items.Remove(key);
            }
            else
            {
                items[key] = obj;
            }
        }

        Notify([obj]);
    }

    private void Replace(IReadOnlyList<T> listed)
    {
        List<T> changed = [];
        lock (gate)
        {
            var fresh = listed.ToDictionary(source.Key);
            foreach (var (key, old) in items)
            {
                if (!fresh.ContainsKey(key))
                {
                    changed.Add(old);
                }
            }

            foreach (var (key, obj) in fresh)
            {
                if (!items.TryGetValue(key, out var old) || source.ResourceVersion(old) != source.ResourceVersion(obj))
                {
                    changed.Add(obj);
                }
            }

            items.Clear();
            foreach (var (key, obj) in fresh)
            {
                items[key] = obj;
            }
        }

        Notify(changed);
    }

    private void Notify(List<T> changed)
    {
        Action<T>[] current;
        lock (gate)
        {
            current = [.. handlers];
        }

        foreach (var obj in changed)
        {
            foreach (var handler in current)
            {
                handler(obj);
            }
        }
    }

    /// <summary>Waits on the injected clock; false when stopping interrupted the wait.</summary>
    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, time, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
