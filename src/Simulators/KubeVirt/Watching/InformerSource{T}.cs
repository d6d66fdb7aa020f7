using Harness.Simulators.KubeVirt.Objects;
using k8s;

namespace Harness.Simulators.KubeVirt.Watching;

/// <summary>How an <see cref="Informer{T}"/> lists and watches one resource through <see cref="IKubernetes"/>.</summary>
internal sealed record InformerSource<T>(
    Func<CancellationToken, Task<(IReadOnlyList<T> Items, string ResourceVersion)>> List,
    Func<string, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> Watch,
    Func<T, ObjectKey> Key,
    Func<T, string?> ResourceVersion)
    where T : class;
