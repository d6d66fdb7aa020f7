using k8s;
using k8s.Models;

namespace Harness.Simulators.Csi.Kubernetes;

/// <summary>How an <see cref="Informer{T}"/> lists a resource (items and the list's resourceVersion) and watches it from a resourceVersion.</summary>
internal sealed record ResourceSource<T>(
    string Name,
    Func<CancellationToken, Task<(IReadOnlyList<T> Items, string ResourceVersion)>> ListAsync,
    Func<string, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType Type, T Object)>> WatchAsync)
    where T : class, IKubernetesObject<V1ObjectMeta>;
