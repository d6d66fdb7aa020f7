using System.Collections.Concurrent;

namespace Harness.EnvTest.Storage;

/// <summary>
/// The objects of one resource (all versions), by key, with the keys in etcd order for range reads.
/// Writes and range reads happen under the store lock; point reads and the count are lock-free.
/// </summary>
internal sealed class ObjectTable
{
    private readonly ConcurrentDictionary<string, StoredObject> byKey = new(StringComparer.Ordinal);
    private readonly SortedSet<string> keys = new(StringComparer.Ordinal);
    private int count;

    public int Count => Volatile.Read(ref count);

    public StoredObject? Get(string key) => byKey.GetValueOrDefault(key);

    public void Put(StoredObject obj)
    {
        if (byKey.TryAdd(obj.Key, obj))
        {
            keys.Add(obj.Key);
            Volatile.Write(ref count, count + 1);
        }
        else
        {
            byKey[obj.Key] = obj;
        }
    }

    public void Remove(string key)
    {
        if (byKey.TryRemove(key, out _))
        {
            keys.Remove(key);
            Volatile.Write(ref count, count - 1);
        }
    }

    /// <summary>Objects whose key starts with <paramref name="prefix"/> and is at least <paramref name="start"/>, in key order.</summary>
    public IEnumerable<StoredObject> Range(string prefix, string? start)
    {
        if (keys.Count == 0)
        {
            yield break;
        }

        var lower = start is not null && string.CompareOrdinal(start, prefix) > 0 ? start : prefix;
        var upper = prefix.Length == 0 ? keys.Max! : prefix + '\uffff';
        if (string.CompareOrdinal(lower, upper) > 0)
        {
            yield break;
        }

        foreach (var key in keys.GetViewBetween(lower, upper))
        {
            yield return byKey[key];
        }
    }
}
