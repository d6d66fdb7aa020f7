using k8s;

namespace Harness.Reconciling;

/// <summary>
/// How an <see cref="Informer{T}"/> lists one resource (the items and the list's resourceVersion), watches it
/// from a resourceVersion (watch errors, such as 410 Gone, go to the callback), and reads an item's key and version.
/// <see cref="InformerSources"/> builds them for <see cref="IKubernetes"/>. <paramref name="Name"/> names the resource
/// (<c>persistentvolumeclaims</c>, <c>virtualmachines.kubevirt.io</c>): a <see cref="ReconcilerHost"/> keeps one informer per name.
/// </summary>
public sealed record InformerSource<T>(
    string Name,
    Func<CancellationToken, Task<(IReadOnlyList<T> Items, string ResourceVersion)>> List,
    Func<string, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType Type, T Object)>> Watch,
    Func<T, ObjectKey> Key,
    Func<T, string?> ResourceVersion)
    where T : class;
