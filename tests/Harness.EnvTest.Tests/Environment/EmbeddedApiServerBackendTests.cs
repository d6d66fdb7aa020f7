using System.Net;
using System.Text;
using Harness.EnvTest.Environment;
using Harness.EnvTest.Requests;
using Harness.EnvTest.Tests.Core;
using Harness.EnvTest.Tests.Http;
using k8s;
using k8s.Models;

namespace Harness.EnvTest.Tests.Environment;

/// <summary>The embedded backend's start: preparation in-process beside the HTTPS front, a readiness probe, controllers last.</summary>
public sealed class EmbeddedApiServerBackendTests
{
    [Fact]
    public async Task StartAsync_Prepare_RunsInProcessBeforeTheKubeconfigIsHandedOut()
    {
        await using var backend = new EmbeddedApiServerBackend(new EmbeddedApiServerBackendOptions { TimeProvider = TimeProvider.System, TaskFactory = Task.Factory, Random = new Random(1) });
        Uri? preparedAgainst = null;

        var connection = await backend.StartAsync(
            async (client, token) =>
            {
                preparedAgainst = ((Kubernetes)client).BaseUri;
                await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "prepared" } }, cancellationToken: token);
            },
            CancellationToken.None);
        var prepared = await connection.ReadyClient!.CoreV1.ReadNamespaceAsync("prepared");

        Assert.NotNull(preparedAgainst);
        Assert.Equal("http", preparedAgainst.Scheme);
        Assert.Equal("prepared", prepared.Metadata.Name);
        Assert.StartsWith("https://127.0.0.1:", connection.Configuration.Host);
    }

    [Fact]
    public async Task StartAsync_PrepareFails_StopsTheServerRemovesTheKubeconfigAndRethrows()
    {
        await using var backend = new EmbeddedApiServerBackend(new EmbeddedApiServerBackendOptions { TimeProvider = TimeProvider.System, TaskFactory = Task.Factory, Random = new Random(2) });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => backend.StartAsync(
            (_, _) => throw new InvalidOperationException("preparation failed"), CancellationToken.None));

        Assert.Equal("preparation failed", error.Message);
        Assert.Null(backend.Server);
        Assert.Null(backend.Core);
    }

    [Fact]
    public async Task StartAsync_HandlerNotReady_FailsWithTheReadinessAnswerAndStops()
    {
        var handler = new RecordingApiHandler
        {
            Respond = _ => new BufferedApiResponse(503, "text/plain", Encoding.UTF8.GetBytes("[-]etcd failed: not ready")),
        };
        await using var backend = new EmbeddedApiServerBackend(new EmbeddedApiServerBackendOptions { TimeProvider = TimeProvider.System, TaskFactory = Task.Factory, Handler = handler, Random = new Random(3) });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => backend.StartAsync(CancellationToken.None));

        Assert.Contains("/readyz answered 503", error.Message);
        Assert.Contains("etcd failed", error.Message);
        Assert.Null(backend.Server);
        Assert.Equal("/readyz", Assert.Single(handler.Requests).Path);
    }

    [Fact]
    public async Task StartAsync_ControllersStartOnceReady_GarbageCollectsDependentsOfPreparedOwners()
    {
        await using var backend = new EmbeddedApiServerBackend(new EmbeddedApiServerBackendOptions { TimeProvider = TimeProvider.System, TaskFactory = Task.Factory, Random = new Random(4) });
        V1ConfigMap? owner = null;
        var connection = await backend.StartAsync(
            async (client, token) =>
            {
                owner = await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "owner" } }, "default", cancellationToken: token);
                await client.CoreV1.CreateNamespacedConfigMapAsync(
                    new V1ConfigMap
                    {
                        Metadata = new V1ObjectMeta
                        {
                            Name = "dependent",
                            OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = "owner", Uid = owner.Metadata.Uid }],
                        },
                    },
                    "default",
                    cancellationToken: token);
            },
            CancellationToken.None);
        using var client = new Kubernetes(connection.Configuration);

        await client.CoreV1.DeleteNamespacedConfigMapAsync("owner", "default");

        await Eventually.TrueAsync(
            async () => (await client.CoreV1.ListNamespacedConfigMapAsync("default")).Items.All(map => map.Metadata.Name != "dependent"),
            "the dependent collected");
    }
}
