using Harness.EnvTest.Environment;
using k8s;
using k8s.Models;

namespace Harness.EnvTest.Tests.Http;

/// <summary>KubernetesClient against the API server core through the HTTPS front.</summary>
[Trait("EmbeddedOnly", "tests the embedded server's HTTPS front")]
public sealed class ApiHttpsServerIntegrationTests
{
    [Fact]
    public async Task Watch_OverHttps_DeliversEventsAndEndsWhenTheServerStops()
    {
        var environment = new TestEnvironment(new TestEnvironmentOptions
        {
            TimeProvider = TimeProvider.System,
            TaskFactory = Task.Factory,
            EnvironmentVariable = _ => null,
            CrdInstallOptions = new CrdInstallOptions { Crds = [] },
        });
        await environment.StartAsync();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var client = environment.Client;
        var list = await client.CoreV1.ListNamespaceAsync(cancellationToken: bound.Token);
        var events = new List<(WatchEventType Type, string Name)>();
        var created = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var watching = WatchAsync();
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "watched" } }, cancellationToken: bound.Token);
        await created.Task.WaitAsync(bound.Token);
        await environment.StopAsync(bound.Token);
        await watching.WaitAsync(bound.Token);

        Assert.Equal((WatchEventType.Added, "watched"), events[0]);

        async Task WatchAsync()
        {
            try
            {
                await foreach (var (type, item) in client.CoreV1.WatchListNamespaceAsync(
                    resourceVersion: list.Metadata.ResourceVersion, cancellationToken: bound.Token))
                {
                    events.Add((type, item.Metadata.Name));
                    created.TrySetResult();
                }
            }
            catch (Exception) when (created.Task.IsCompleted)
            {
                // The stream ended with the server.
            }
        }
    }

    [Fact]
    public async Task Watch_120StreamsOnOneHttp2Connection_EveryWatchReceivesTheEventAsFromGosDefaultOf250()
    {
        const int watches = 120;
        await using var environment = new TestEnvironment(new TestEnvironmentOptions
        {
            TimeProvider = TimeProvider.System,
            TaskFactory = Task.Factory,
            EnvironmentVariable = _ => null,
            CrdInstallOptions = new CrdInstallOptions { Crds = [] },
        });
        await environment.StartAsync();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var configuration = KubernetesClientConfiguration.BuildConfigFromConfigFile(environment.KubeconfigPath);
        configuration.FirstMessageHandlerSetup = handler => ((SocketsHttpHandler)handler).EnableMultipleHttp2Connections = false;
        using var client = new Kubernetes(configuration);
        var list = await client.CoreV1.ListNamespacedConfigMapAsync("default", cancellationToken: bound.Token);
        var received = new int[watches];
        var watching = Enumerable.Range(0, watches).Select(async index =>
        {
            await foreach (var (_, map) in client.CoreV1.WatchListNamespacedConfigMapAsync(
                "default", resourceVersion: list.Metadata.ResourceVersion, cancellationToken: bound.Token))
            {
                if (map.Metadata.Name == "announced")
                {
                    Interlocked.Increment(ref received[index]);
                    return;
                }
            }
        }).ToList();

        await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "announced" } }, "default", cancellationToken: bound.Token);
        await Task.WhenAll(watching).WaitAsync(bound.Token);

        Assert.All(received, count => Assert.Equal(1, count));
    }
}
