using System.Net;
using k8s;
using k8s.Autorest;
using Microsoft.Extensions.Logging;

namespace Harness.Reflectors;

/// <summary>
/// client-go's reflector and store in one: lists, then watches from the list's resourceVersion, keeps the objects keyed
/// by <typeparamref name="TKey"/> and hands each batch of changes to its owner. A watch that ends, or fails on the way
/// (an error status, a dropped connection, an undecodable event), is resumed from the last resourceVersion seen, after a
/// pause when it failed or delivered nothing; a list or watch answered 410 Gone (the version was compacted away) is
/// followed by a relist at once, whose result replaces the store: objects that vanished meanwhile are reported deleted.
/// A resource the server does not serve (404, its CRD missing) is an empty, synced store that is listed again later.
/// Failed lists and watches pause by <see cref="RetryBackoff"/>. Stopping (cancelling <see cref="RunAsync"/>) ends it
/// quietly, whatever the interrupted call threw.
/// </summary>
public sealed class Reflector<TKey, T>
    where TKey : notnull
    where T : class
{
    private readonly ReflectorSource<TKey, T> source;
    private readonly TimeProvider time;
    private readonly RetryBackoff backoff;
    private readonly ILogger logger;
    private readonly Action<IReadOnlyList<ReflectedChange<T>>> changed;
    private readonly Lock gate = new();
    private Dictionary<TKey, T> items = [];
    private readonly TaskCompletionSource synced = new();
    private string? lastVersion;

    /// <summary>
    /// A reflector of <paramref name="source"/> that pauses on <paramref name="time"/>, draws its backoff's jitter from
    /// <paramref name="jitter"/> (a number in [0, 1) from the owner's seeded source) and hands every batch of changes to
    /// <paramref name="changed"/>, on the reflector's own flow, after its store holds them.
    /// </summary>
    public Reflector(ReflectorSource<TKey, T> source, TimeProvider time, Func<double> jitter, ILogger logger, Action<IReadOnlyList<ReflectedChange<T>>> changed)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(jitter);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(changed);
        this.source = source;
        this.time = time;
        this.logger = logger;
        this.changed = changed;
        backoff = new RetryBackoff(time, jitter);
    }

    /// <summary>Completes after the first successful list (or a 404: nothing to list).</summary>
    public Task Synced => synced.Task;

    public T? Get(TKey key)
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
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (lastVersion is null)
                {
                    var (listed, version) = await source.List(cancellationToken);
                    Replace(listed);
                    synced.TrySetResult();
                    lastVersion = version;
                }

                if (!await WatchAsync(lastVersion, cancellationToken))
                {
                    logger.LogInformation("Watch of {Resource} expired; relisting", source.Name);
                    lastVersion = null;
                }
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Gone)
            {
                logger.LogInformation("List or watch of {Resource} answered 410 Gone; relisting", source.Name);
                lastVersion = null;
            }
            catch (Exception e)
            {
                if (e is HttpOperationException { Response.StatusCode: HttpStatusCode.NotFound })
                {
                    Replace([]);
                    synced.TrySetResult();
                    lastVersion = null;
                }

                var pause = backoff.Next();
                logger.LogWarning("List or watch of {Resource} failed, retrying in {Backoff}: {Error}", source.Name, pause, e.Message);
                await DelayAsync(pause, cancellationToken);
            }
        }
    }

    /// <summary>Watches from <paramref name="version"/> until the watch ends; false when the version expired (410 Gone).</summary>
    private async Task<bool> WatchAsync(string version, CancellationToken cancellationToken)
    {
        var expired = false;
        Exception? failure = null;
        var events = 0;
        await foreach (var (type, obj) in source.Watch(version, OnError, cancellationToken))
        {
            events++;
            if (source.ResourceVersion(obj) is { Length: > 0 } objectVersion)
            {
                lastVersion = objectVersion;
            }

            Apply(type, obj);
        }

        if (expired)
        {
            return false;
        }

        if (failure is not null)
        {
            throw failure;
        }

        if (events > 0)
        {
            backoff.Reset();
        }
        else
        {
            // A watch that ends at once without anything: a closing server is not to be hammered.
            await DelayAsync(backoff.Next(), cancellationToken);
        }

        return true;

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

    private void Apply(WatchEventType type, T obj)
    {
        if (type is not (WatchEventType.Added or WatchEventType.Modified or WatchEventType.Deleted))
        {
            return;
        }

        var key = source.Key(obj);
        T? previous;
        lock (gate)
        {
            items.Remove(key, out previous);
            if (type != WatchEventType.Deleted)
            {
                items[key] = obj;
            }
        }

        changed([new ReflectedChange<T>(previous, type == WatchEventType.Deleted ? null : obj, obj)]);
    }

    private void Replace(IReadOnlyList<T> listed)
    {
        List<ReflectedChange<T>> changes = [];
        lock (gate)
        {
            var fresh = new Dictionary<TKey, T>(listed.Count);
            foreach (var obj in listed)
            {
                fresh[source.Key(obj)] = obj;
            }

            foreach (var (key, old) in items)
            {
                if (!fresh.ContainsKey(key))
                {
                    // Deleted while no watch was reporting it.
                    changes.Add(new ReflectedChange<T>(old, null, old));
                }
            }

            var next = new Dictionary<TKey, T>(fresh.Count);
            foreach (var (key, obj) in fresh)
            {
                if (items.TryGetValue(key, out var old) && source.ResourceVersion(old) == source.ResourceVersion(obj))
                {
                    // Unchanged: the instance the owner was handed stays the one stored.
                    next[key] = old;
                }
                else
                {
                    next[key] = obj;
                    changes.Add(new ReflectedChange<T>(old, obj, obj));
                }
            }

            items = next;
        }

        if (changes.Count > 0)
        {
            changed(changes);
        }
    }

    /// <summary>Waits on the injected clock; stopping interrupts the wait quietly.</summary>
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
}
