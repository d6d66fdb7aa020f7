using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Harness.Simulators.Csi.Kubernetes;

/// <summary>
/// client-go's reflector and store in one: lists, then watches from the list's resourceVersion, keeps
/// a cache keyed <c>namespace/name</c> (or <c>name</c>), tells its handlers which keys changed,
/// resumes a closed watch from the last resourceVersion seen, relists when that version expired (410),
/// and backs off on other errors.
/// </summary>
internal sealed class Informer<T>(ResourceSource<T> source, TimeProvider time, ILogger logger)
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private static readonly TimeSpan InitialBackoff = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly Lock gate = new();
    private readonly Dictionary<string, T> cache = new(StringComparer.Ordinal);
    private readonly List<Action<T>> handlers = [];
    private readonly TaskCompletionSource synced = new();

    public Task Synced => synced.Task;

    public static string KeyOf(T item) => KeyOf(item.Metadata.NamespaceProperty, item.Metadata.Name);

    public static string KeyOf(string? ns, string name) => string.IsNullOrEmpty(ns) ? name : $"{ns}/{name}";

    /// <summary>Called with the new object (or the last known one, for a deletion) after each change.</summary>
    public void OnChange(Action<T> handler)
    {
        lock (gate)
        {
            handlers.Add(handler);
        }
    }

    public T? Get(string key)
    {
        lock (gate)
        {
            return cache.GetValueOrDefault(key);
        }
    }

    public IReadOnlyList<T> List()
    {
        lock (gate)
        {
            return [.. cache.Values];
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var backoff = InitialBackoff;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var (items, resourceVersion) = await source.ListAsync(cancellationToken);
                Replace(items);
                synced.TrySetResult();
                backoff = InitialBackoff;
                await WatchUntilExpiredAsync(resourceVersion, cancellationToken);
                logger.LogInformation("Watch of {Resource} expired; relisting", source.Name);
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                // Stopping: whatever the interrupted list or watch threw ends the informer quietly.
                return;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Gone)
            {
                logger.LogInformation("List or watch of {Resource} answered 410 Gone; relisting", source.Name);
            }
            catch (Exception e) when (e is HttpOperationException or HttpRequestException or IOException or KubernetesException)
            {
                logger.LogWarning("List or watch of {Resource} failed, retrying in {Backoff}: {Error}", source.Name, backoff, e.Message);
                try
                {
                    await Task.Delay(backoff, time, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                backoff = backoff * 2 > MaxBackoff ? MaxBackoff : backoff * 2;
            }
        }
    }

    private async Task WatchUntilExpiredAsync(string resourceVersion, CancellationToken cancellationToken)
    {
        while (true)
        {
            var expired = false;
            Exception? failure = null;
            void OnError(Exception e)
            {
                if (e is KubernetesException { Status.Code: (int)HttpStatusCode.Gone })
                {
                    expired = true;
                }
                else
                {
                    failure = e;
                }
            }

            await foreach (var (type, item) in source.WatchAsync(resourceVersion, OnError, cancellationToken))
            {
                if (type != WatchEventType.Bookmark)
                {
                    Apply(type, item);
                }

                resourceVersion = item.Metadata?.ResourceVersion ?? resourceVersion;
            }

            if (expired)
            {
                return;
            }

            if (failure is not null)
            {
                throw failure;
            }
        }
    }

    private void Replace(IReadOnlyList<T> items)
    {
        List<T> changed = [];
        lock (gate)
        {
            var fresh = items.ToDictionary(KeyOf, StringComparer.Ordinal);
            foreach (var (key, old) in cache)
            {
                if (!fresh.ContainsKey(key))
                {
                    changed.Add(old);
                }
            }

            foreach (var (key, item) in fresh)
            {
                if (!cache.TryGetValue(key, out var old) || old.Metadata.ResourceVersion != item.Metadata.ResourceVersion)
                {
                    changed.Add(item);
                }
            }

            cache.Clear();
            foreach (var (key, item) in fresh)
            {
                cache[key] = item;
            }
        }

        Notify(changed);
    }

    private void Apply(WatchEventType type, T item)
    {
        lock (gate)
        {
            if (type == WatchEventType.Deleted)
            {
                cache.Remove(KeyOf(item));
            }
            else
            {
                cache[KeyOf(item)] = item;
            }
        }

        Notify([item]);
    }

    private void Notify(IReadOnlyList<T> changed)
    {
        Action<T>[] current;
        lock (gate)
        {
            current = [.. handlers];
        }

        foreach (var item in changed)
        {
            foreach (var handler in current)
            {
                handler(item);
            }
        }
    }
}
