using k8s;

namespace Harness.Reflectors;

/// <summary>
/// How a <see cref="Reflector{TKey, T}"/> lists one resource (the items and the list's resourceVersion), watches it
/// from a resourceVersion (watch errors, such as 410 Gone, go to the callback), and reads an item's key and version.
/// <paramref name="Name"/> names the resource (<c>persistentvolumeclaims</c>, <c>virtualmachines.kubevirt.io</c>).
/// </summary>
public sealed record ReflectorSource<TKey, T>(
    string Name,
    Func<CancellationToken, Task<(IReadOnlyList<T> Items, string ResourceVersion)>> List,
    Func<string, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType Type, T Object)>> Watch,
    Func<T, TKey> Key,
    Func<T, string?> ResourceVersion)
    where TKey : notnull
    where T : class;
