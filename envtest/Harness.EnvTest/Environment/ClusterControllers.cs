using Harness.EnvTest.Controllers;
using k8s;

namespace Harness.EnvTest.Environment;

/// <summary>
/// The harness's garbage collector and namespace controller (<see cref="MetadataControllers"/>) run against an API server
/// that has neither (kube-apiserver alone: kube-controller-manager is what runs them in a cluster), with a client of their own.
/// </summary>
internal sealed class ClusterControllers : IAsyncDisposable
{
    private readonly Kubernetes _client;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task[] _running;

    private ClusterControllers(Kubernetes client, TaskFactory taskFactory, TimeProvider timeProvider, Random random)
    {
        _client = client;
        _running = [.. MetadataControllers.Start(client, taskFactory, timeProvider, random, _stopping.Token)];
    }

    public static ClusterControllers Start(KubernetesClientConfiguration configuration, TaskFactory taskFactory, TimeProvider timeProvider, Random random)
        => new(new Kubernetes(configuration), taskFactory, timeProvider, random);

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
