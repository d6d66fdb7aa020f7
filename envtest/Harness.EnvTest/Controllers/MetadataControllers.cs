using Harness.EnvTest.GarbageCollection;
using Harness.EnvTest.Informers;
using Harness.EnvTest.Namespaces;
using k8s;

namespace Harness.EnvTest.Controllers;

/// <summary>
/// The part of kube-controller-manager the harness runs: the garbage collector and the namespace controller over one
/// shared <see cref="ClusterMetadataCache"/>. The embedded API server starts them in-process
/// (<c>ApiServer.StartControllers</c>), the real-binary backend beside kube-apiserver (<c>ClusterControllers</c>).
/// </summary>
internal static class MetadataControllers
{
    /// <summary>
    /// Starts the cache and both controllers through <paramref name="taskFactory"/>, reading through
    /// <paramref name="client"/>, until <paramref name="stopping"/> fires; returns their tasks. The cache's backoffs
    /// draw their jitter from <paramref name="random"/>.
    /// </summary>
    public static IReadOnlyList<Task> Start(Kubernetes client, TaskFactory taskFactory, TimeProvider time, Random random, CancellationToken stopping)
    {
        var cache = new ClusterMetadataCache(client, taskFactory, time, random);
        var collector = new GarbageCollector(cache);
        var namespaces = new NamespaceController(cache);
        return
        [
            taskFactory.StartNew(() => cache.RunAsync(stopping)).Unwrap(),
            taskFactory.StartNew(() => collector.RunAsync(stopping)).Unwrap(),
            taskFactory.StartNew(() => namespaces.RunAsync(stopping)).Unwrap(),
        ];
    }
}
