using Harness.EnvTest.GarbageCollection;
using Harness.EnvTest.Informers;
using Harness.EnvTest.Namespaces;
using k8s;

namespace Harness.EnvTest.Environment;

/// <summary>
/// The harness's garbage collector and namespace controller run against an API server that has neither
/// (kube-apiserver alone: kube-controller-manager is what runs them in a cluster).
/// </summary>
internal sealed class ClusterControllers : IAsyncDisposable
{
    private readonly Kubernetes _client;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task[] _running;

    private ClusterControllers(Kubernetes client, TaskFactory taskFactory, TimeProvider timeProvider)
    {
        _client = client;
        var cache = new ClusterMetadataCache(client, taskFactory, timeProvider);
        var collector = new GarbageCollector(cache);
        var namespaces = new NamespaceController(cache);
        _running =
        [
            taskFactory.StartNew(() => cache.RunAsync(_stopping.Token)).Unwrap(),
            taskFactory.StartNew(() => collector.RunAsync(_stopping.Token)).Unwrap(),
            taskFactory.StartNew(() => namespaces.RunAsync(_stopping.Token)).Unwrap(),
        ];
    }

    public static ClusterControllers Start(KubernetesClientConfiguration configuration, TaskFactory taskFactory, TimeProvider timeProvider)
        => new(new Kubernetes(configuration), taskFactory, timeProvider);

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        try
        {
            await Task.WhenAll(_running);
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _client.Dispose();
        _stopping.Dispose();
    }
}
