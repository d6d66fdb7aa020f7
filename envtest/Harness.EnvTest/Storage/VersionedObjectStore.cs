using System.Collections.Concurrent;
using Harness.EnvTest.Errors;
using Harness.EnvTest.Watch;

namespace Harness.EnvTest.Storage;

/// <summary>
/// The in-memory object store: one monotonic revision across all resources (as etcd's), a bounded
/// history of committed changes for watches and consistent paged lists, and the watch fan-out.
/// Every change is committed under one lock, so revisions and watch events are in one order.
/// </summary>
internal sealed class VersionedObjectStore
{
    private readonly Lock gate = new();
    private readonly ConcurrentDictionary<string, ObjectTable> tables = new(StringComparer.Ordinal);
    private readonly List<StoreEvent> history = [];
    private readonly int historyLimit;
    private readonly WatchHub hub = new();
    private long revision;
    private long compactedThrough;

    public VersionedObjectStore(int historyLimit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(historyLimit, 1);
        this.historyLimit = historyLimit;
    }

    public long Revision
    {
        get
        {
            lock (gate)
            {
                return revision;
            }
        }
    }

    /// <summary>Revisions up to and including this one are no longer in the history.</summary>
    public long CompactedThrough
    {
        get
        {
            lock (gate)
            {
                return compactedThrough;
            }
        }
    }

    /// <summary>The current object at a key (lock-free: stored objects are immutable).</summary>
    public StoredObject? Get(string storageKey, string key) => tables.GetValueOrDefault(storageKey)?.Get(key);

    public int Count(string storageKey) => tables.GetValueOrDefault(storageKey)?.Count ?? 0;

    /// <summary>
    /// Runs <paramref name="mutate"/> under the store lock with the current object and the revision a change
    /// would get, and commits what it returns. Exceptions from <paramref name="mutate"/> leave the store unchanged.
    /// </summary>
    public StoreEvent? Mutate(string storageKey, string key, Func<StoredObject?, long, StoreChange> mutate)
    {
        lock (gate)
        {
            var table = tables.GetValueOrDefault(storageKey);
            var current = table?.Get(key);
            var change = mutate(current, revision + 1);
            StoreEvent storeEvent;
            switch (change.Kind)
            {
                case StoreChangeKind.None:
                    return null;
                case StoreChangeKind.Put:
                    if (table is null)
                    {
                        table = new ObjectTable();
                        tables[storageKey] = table;
                    }

                    table.Put(change.Object!);
                    storeEvent = new StoreEvent(revision + 1, current is null ? StoreEventType.Added : StoreEventType.Modified, storageKey, change.Object!, current);
                    break;
                default:
                    if (current is null)
                    {
                        return null;
                    }

                    table!.Remove(key);
                    storeEvent = new StoreEvent(revision + 1, StoreEventType.Deleted, storageKey, change.Object!, current);
                    break;
            }

            revision++;
            Record(storeEvent);
            hub.Publish(storeEvent);
            return storeEvent;
        }
    }

    /// <summary>
    /// Objects of a resource in key order, in namespace <paramref name="ns"/> (empty: all), from key
    /// <paramref name="start"/> on, as they were at <paramref name="atRevision"/> (null: now).
    /// </summary>
    public (IReadOnlyList<StoredObject> Items, long Revision) List(string storageKey, string ns, string? start, long? atRevision)
    {
        var prefix = ns.Length == 0 ? string.Empty : ns + "/";
        lock (gate)
        {
            var table = tables.GetValueOrDefault(storageKey);
            if (atRevision is not { } at || at >= revision)
            {
                var items = table is null ? [] : table.Range(prefix, start).ToList();
                return (items, revision);
            }

            if (at < compactedThrough)
            {
                throw ApiErrors.Expired($"too old resource version: {at} ({compactedThrough})");
            }

            var state = new SortedDictionary<string, StoredObject>(StringComparer.Ordinal);
            if (table is not null)
            {
                foreach (var obj in table.Range(prefix, start))
                {
                    state[obj.Key] = obj;
                }
            }

            for (var i = history.Count - 1; i >= 0 && history[i].Revision > at; i--)
            {
                var e = history[i];
                if (e.StorageKey != storageKey || !e.Object.Key.StartsWith(prefix, StringComparison.Ordinal)
                    || (start is not null && string.CompareOrdinal(e.Object.Key, start) < 0))
                {
                    continue;
                }

                if (e.Previous is null)
                {
                    state.Remove(e.Object.Key);
                }
                else
                {
                    state[e.Object.Key] = e.Previous;
                }
            }

            return (state.Values.ToList(), at);
        }
    }

    /// <summary>
    /// Starts a watch. From a revision: the history after it, then live events (410 Expired when compacted).
    /// From null: a synthetic ADDED for every current object, a bookmark at the current revision marking their end when
    /// <paramref name="endInitialEvents"/> (a watch-list), then live events.
    /// </summary>
    public Watcher Watch(string storageKey, long? fromRevision, WatchFilter filter, bool endInitialEvents = false)
    {
        lock (gate)
        {
            var watcher = new Watcher(filter);
            if (fromRevision is { } from)
            {
                if (from < compactedThrough)
                {
                    throw ApiErrors.Expired($"too old resource version: {from} ({compactedThrough})");
                }

                var first = FirstHistoryIndexAfter(from);
                for (var i = first; i < history.Count; i++)
                {
                    if (history[i].StorageKey == storageKey)
                    {
                        watcher.Offer(history[i]);
                    }
                }
            }
            else if (tables.GetValueOrDefault(storageKey) is { } table)
            {
                var prefix = filter.Namespace.Length == 0 ? string.Empty : filter.Namespace + "/";
                foreach (var obj in table.Range(prefix, null))
                {
                    watcher.Offer(new StoreEvent(obj.Revision, StoreEventType.Added, storageKey, obj, null));
                }
            }

            if (fromRevision is null && endInitialEvents)
            {
                watcher.OfferBookmark(revision, endsInitialEvents: true);
            }

            hub.Add(storageKey, watcher);
            return watcher;
        }
    }

    public void StopWatch(string storageKey, Watcher watcher)
    {
        lock (gate)
        {
            hub.Remove(storageKey, watcher);
        }
    }

    /// <summary>Queues a bookmark at the current revision; every earlier event is already queued before it.</summary>
    public void Bookmark(Watcher watcher)
    {
        lock (gate)
        {
            watcher.OfferBookmark(revision);
        }
    }

    /// <summary>Drops the whole history, as an etcd compaction at the current revision.</summary>
    public void Compact()
    {
        lock (gate)
        {
            history.Clear();
            compactedThrough = revision;
        }
    }

    /// <summary>Ends every watch (server shutdown).</summary>
    public void CloseWatches()
    {
        lock (gate)
        {
            hub.CloseAll();
        }
    }

    private int FirstHistoryIndexAfter(long from)
    {
        int lo = 0, hi = history.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (history[mid].Revision <= from)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private void Record(StoreEvent storeEvent)
    {
        history.Add(storeEvent);
        if (history.Count > historyLimit + (historyLimit / 4))
        {
            var drop = history.Count - historyLimit;
            compactedThrough = history[drop - 1].Revision;
            history.RemoveRange(0, drop);
        }
    }
}
