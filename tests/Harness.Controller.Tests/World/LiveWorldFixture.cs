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
/// <c>harness-controller</c> process with its HTTPS admission webhook), started at the first live case and shared by
/// every world collection's fixture until the last of them is disposed: the collections run at once, so live cases of
/// different collections run side by side, each in a namespace of its own (deleted after it). A case that restarts a
/// shared component runs with the cluster to itself (<see cref="RunAloneAsync"/>). A live case skips with how to
/// enable it when the binaries are absent.
/// </summary>
public sealed class LiveWorldFixture : IAsyncLifetime
{
    private const string HowToEnable =
        "set KUBEBUILDER_ASSETS to a folder holding etcd and kube-apiserver to run this case on the real kube-apiserver (export KUBEBUILDER_ASSETS=\"$(../shared/reference-binaries/unpack)\")";

    private static readonly Lock Gate = new();
    private static readonly SharedOrAlone Cases = new(WorldCollection.Count);
    private static Task<(TestEnvironment Environment, LiveCluster Live)>? started;
    private static int fixtures;
    private static int namespaces;

    public Task InitializeAsync()
    {
        lock (Gate)
        {
            fixtures++;
        }

        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        Task<(TestEnvironment Environment, LiveCluster Live)> stopping;
        lock (Gate)
        {
            if (--fixtures > 0 || started is null)
            {
                return;
            }

            (stopping, started) = (started, null);
        }

        var (environment, live) = await stopping;
        await live.DisposeAsync();
        await environment.DisposeAsync();
    }

    /// <summary>Runs <paramref name="body"/> in a world of <paramref name="kind"/>; a live one beside other collections' live cases.</summary>
    internal Task RunAsync(WorldKind kind, Func<ControllerWorld, Task> body) => RunWorldAsync(kind, body, alone: false);

    /// <summary>Runs <paramref name="body"/> in a world of <paramref name="kind"/>; a live one while no other live case runs.</summary>
    internal Task RunAloneAsync(WorldKind kind, Func<ControllerWorld, Task> body) => RunWorldAsync(kind, body, alone: true);

    private static Task RunWorldAsync(WorldKind kind, Func<ControllerWorld, Task> body, bool alone)
    {
        if (kind == WorldKind.Deterministic)
        {
            var world = new ControllerWorld();
            world.Run(() => body(world));
            return Task.CompletedTask;
        }

        return RunLiveAsync(body, alone);
    }

    private static async Task RunLiveAsync(Func<ControllerWorld, Task> body, bool alone)
    {
        var binaries = TestEnvironment.BinaryOptions(new TestEnvironmentOptions { TimeProvider = TimeProvider.System, TaskFactory = Task.Factory });
        Skip.If(binaries is null, HowToEnable);
        Task<(TestEnvironment, LiveCluster)> starting;
        lock (Gate)
        {
            starting = started ??= StartAsync(binaries!);
        }

        var (environment, live) = await starting;
        using var turn = alone ? await Cases.AloneAsync() : await Cases.SharedAsync();
        var name = $"live-{Interlocked.Increment(ref namespaces)}";
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
            return (environment, await LiveCluster.StartAsync(environment, TimeProvider.System, new LiveClusterOptions { Controller = ControllerPlacement.Process }));
        }
        catch
        {
            await environment.DisposeAsync();
            throw;
        }
    }
}
