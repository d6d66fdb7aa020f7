using Harness.EnvTest.Environment;
using Harness.Scenarios.Cluster;
using k8s;
using k8s.Models;

namespace Harness.Controller.Tests.World;

/// <summary>
/// Runs a conformance case's body in the world it is asked for. The deterministic world is made per case. The live
/// world is one real control plane (etcd 3.5 and kube-apiserver 1.32 from <c>KUBEBUILDER_ASSETS</c>, KubeVirt's VM
/// admission served as an HTTPS webhook) and one <see cref="LiveCluster"/> beside it (the <c>harness-csi-driver</c>
/// process and its sidecars, the KubeVirt simulator with a <c>harness-guest-agent</c> process per running VMI, the
/// <c>harness-controller</c> process with its HTTPS admission webhook), started at the collection's first live case and
/// shared by all (each case in a namespace of its own, deleted after it); a live case skips with how to enable it when
/// the binaries are absent.
/// </summary>
public sealed class LiveWorldFixture : IAsyncLifetime
{
    private const string HowToEnable =
        "set KUBEBUILDER_ASSETS to a folder holding etcd and kube-apiserver to run this case on the real kube-apiserver (export KUBEBUILDER_ASSETS=\"$(../shared/reference-binaries/unpack)\")";

    private readonly Lock gate = new();
    private Task<(TestEnvironment Environment, LiveCluster Live)>? started;
    private int cases;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (started is null)
        {
            return;
        }

        var (environment, live) = await started;
        await live.DisposeAsync();
        await environment.DisposeAsync();
    }

    /// <summary>Runs <paramref name="body"/> in a world of <paramref name="kind"/>.</summary>
    internal Task RunAsync(WorldKind kind, Func<ControllerWorld, Task> body)
    {
        if (kind == WorldKind.Deterministic)
        {
            var world = new ControllerWorld();
            world.Run(() => body(world));
            return Task.CompletedTask;
        }

        return RunLiveAsync(body);
    }

    private async Task RunLiveAsync(Func<ControllerWorld, Task> body)
    {
        var binaries = TestEnvironment.BinaryOptions(new TestEnvironmentOptions { TimeProvider = TimeProvider.System, TaskFactory = Task.Factory });
        Skip.If(binaries is null, HowToEnable);
        Task<(TestEnvironment, LiveCluster)> starting;
        lock (gate)
        {
            starting = started ??= StartAsync(binaries!);
        }

        var (environment, live) = await starting;
        var name = $"live-{Interlocked.Increment(ref cases)}";
        await environment.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        await using var backend = new LiveWorldBackend(environment.Client, live, name);
        try
        {
            await body(new ControllerWorld(backend));
        }
        finally
        {
            await environment.Client.CoreV1.DeleteNamespaceAsync(name);
        }
    }

    private static async Task<(TestEnvironment, LiveCluster)> StartAsync(BinaryApiServerBackendOptions binaries)
    {
        var environment = new TestEnvironment(new TestEnvironmentOptions
        {
            TimeProvider = TimeProvider.System,
            TaskFactory = Task.Factory,
            Backend = new BinaryApiServerBackend(binaries),
            WebhookInstallOptions = new WebhookInstallOptions { Webhooks = HarnessCluster.Webhooks },
        });
        try
        {
            await environment.StartAsync();
            return (environment, await LiveCluster.StartAsync(environment, TimeProvider.System, new LiveClusterOptions { ControllerProcess = true }));
        }
        catch
        {
            await environment.DisposeAsync();
            throw;
        }
    }
}
