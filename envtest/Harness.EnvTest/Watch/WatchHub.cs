using Harness.EnvTest.Storage;

namespace Harness.EnvTest.Watch;

/// <summary>The open watchers by resource; the store publishes each committed event to them under its lock.</summary>
internal sealed class WatchHub
{
    private readonly Dictionary<string, List<Watcher>> watchers = new(StringComparer.Ordinal);

    public void Add(string storageKey, Watcher watcher)
    {
        if (!watchers.TryGetValue(storageKey, out var list))
        {
            list = [];
            watchers[storageKey] = list;
        }

        list.Add(watcher);
    }

    public void Remove(string storageKey, Watcher watcher)
    {
        if (watchers.TryGetValue(storageKey, out var list))
        {
            list.Remove(watcher);
        }
    }

    public void Publish(StoreEvent storeEvent)
    {
        if (watchers.TryGetValue(storeEvent.StorageKey, out var list) && list.Count > 0)
        {
            var shared = new SharedFrames();
            foreach (var watcher in list)
            {
                watcher.Publish(storeEvent, shared);
            }
        }
    }

    public void CloseAll()
    {
        foreach (var list in watchers.Values)
        {
            foreach (var watcher in list)
            {
                watcher.Close();
            }

            list.Clear();
        }
    }
}
