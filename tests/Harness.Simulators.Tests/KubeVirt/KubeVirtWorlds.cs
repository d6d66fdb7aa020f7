using System.Text.Json.Nodes;
using Harness.EnvTest.Core;
using Harness.EnvTest.Environment;
using Harness.EnvTest.InProcess;
using Harness.EnvTest.Tests.Backends;
using Harness.EnvTest.Tests.Environment;
using Harness.Runtime;
using Harness.Runtime.Randomness;
using Harness.Scenarios.Cluster;
using Harness.Simulators.KubeVirt;
using Harness.Simulators.KubeVirt.Admission;
using Harness.Simulators.KubeVirt.GuestAgents;
using Harness.Simulators.KubeVirt.MemoryDumps;
using Harness.Simulators.KubeVirt.Subresources;
using Harness.Simulators.Tests.Backends;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;

namespace Harness.Simulators.Tests.KubeVirt;

/// <summary>
/// Starts <see cref="KubeVirtWorld"/>s on either backend. An embedded world is a fresh embedded API server per test. The
/// binary worlds share one real control plane (etcd 3.5 and kube-apiserver 1.32 from <c>KUBEBUILDER_ASSETS</c>, KubeVirt's
/// VM rules installed as an HTTPS webhook), started with the collection (when the binaries are here), and one
/// <see cref="KubeVirtApiService"/> that serves the running world's simulator; the collection runs its tests one at a time,
/// so each binary world has the cluster to itself and removes what it made when it ends.
/// </summary>
public sealed class KubeVirtWorlds : IAsyncLifetime
{
    private static readonly string[] CrdGroups = ["kubevirt.io", "cdi.kubevirt.io", "snapshot.storage.k8s.io", "instancetype.kubevirt.io", "snapshot.kubevirt.io", "clone.kubevirt.io"];

    private readonly BinaryBackendFixture binary = new() { Webhooks = HarnessCluster.Webhooks };
    private KubeVirtApiService? apiService;
    private SubresourceApi? serving;
    private int worlds;

    public Task InitializeAsync() => binary.InitializeAsync();

    public async Task DisposeAsync()
    {
        if (apiService is not null)
        {
            await apiService.DisposeAsync();
        }

        await binary.DisposeAsync();
    }

    /// <summary>
    /// Starts a world on <paramref name="backend"/>; <paramref name="simulatorTransport"/> stands between the simulator's
    /// client and the API server (the test's own <see cref="KubeVirtWorld.Client"/> talks to the server directly);
    /// <paramref name="volumeWriter"/> receives the memory dumps.
    /// </summary>
    internal Task<KubeVirtWorld> StartAsync(
        Backend backend,
        IReadOnlyList<string>? featureGates = null,
        IGuestAgentConnector? connector = null,
        DelegatingHandler? simulatorTransport = null,
        IVolumeContentWriter? volumeWriter = null)
    {
        var options = new WorldOptions(featureGates, connector, volumeWriter);
        return backend == Backend.Embedded
            ? StartEmbeddedAsync(options, simulatorTransport)
            : StartBinaryAsync(options, simulatorTransport);
    }

    private static async Task<KubeVirtWorld> StartEmbeddedAsync(WorldOptions options, DelegatingHandler? transport)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var server = new ApiServer(new ApiServerOptions { TaskFactory = Task.Factory, TimeProvider = time, Seed = 7, RunControllers = true });
        var client = (Kubernetes)server.CreateClient();
        var simulatorClient = transport is null ? client : new Kubernetes(new KubernetesClientConfiguration { Host = "http://apiserver.in-process" }, transport, new ApiServerMessageHandler(server));
        foreach (var crd in CrdInstallOptions.HarnessCrds().Where(c => CrdGroups.Contains(c.Spec.Group)))
        {
            await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd);
        }

        KubeVirtWorld? world = null;
        world = new KubeVirtWorld(Backend.Embedded, "default", time, client, simulatorClient, async () =>
        {
            await world!.Simulator.DisposeAsync();
            client.Dispose();
            await server.DisposeAsync();
        });
        world.Simulator = new KubeVirtSimulator(simulatorClient, SimulatorOptions(world, time, options));
        server.RegisterAggregatedApi(SubresourceApi.Group, SubresourceApi.Version, new SubresourceApiHandler(world.Simulator.Subresources), SubresourceApi.ApiResources);
        var admission = world.Simulator.Admission.Endpoint;
        server.RegisterValidatingAdmission(admission.Name, AdmissionReviewerHandler.Rules(admission), new AdmissionReviewerHandler(admission.Reviewer));
        await world.Simulator.StartAsync();
        return world;
    }

    private async Task<KubeVirtWorld> StartBinaryAsync(WorldOptions options, DelegatingHandler? transport)
    {
        binary.SkipIfUnavailable();
        var environment = binary.Environment;
        var client = (Kubernetes)environment.Client;
        var name = $"kv-{Interlocked.Increment(ref worlds)}";
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        var simulatorClient = transport is null ? client : new Kubernetes(environment.Configuration, transport);
        KubeVirtWorld? world = null;
        world = new KubeVirtWorld(Backend.Binary, name, TimeProvider.System, client, simulatorClient, () => new ValueTask(StopBinaryAsync(world!)));
        world.Simulator = new KubeVirtSimulator(simulatorClient, SimulatorOptions(world, TimeProvider.System, options));
        serving = world.Simulator.Subresources;
        await world.Simulator.StartAsync();
        apiService ??= await KubeVirtApiService.StartAsync(client, new SubresourceApiHandler(() => serving), TimeProvider.System, new Random(7), CancellationToken.None);

        return world;
    }

    /// <summary>
    /// Deletes the world's VMs and waits for their VMIs to go while its simulator still runs (it removes their finalizers),
    /// stops the simulator, then deletes the namespace and the cluster-scoped objects the world made.
    /// </summary>
    private static async Task StopBinaryAsync(KubeVirtWorld world)
    {
        var client = world.Client;
        await client.CustomObjects.DeleteCollectionNamespacedCustomObjectAsync("kubevirt.io", "v1", world.Namespace, "virtualmachines");
        await client.CustomObjects.DeleteCollectionNamespacedCustomObjectAsync("kubevirt.io", "v1", world.Namespace, "virtualmachineinstances");
        await KubeVirtWorld.EventuallyAsync(
            async () => (object?)(await client.CustomObjects.ListNamespacedCustomObjectAsync<JsonObject>("kubevirt.io", "v1", world.Namespace, "virtualmachineinstances"))["items"]!.AsArray().Count,
            count => (int)count! == 0,
            "the world's VMIs gone");
        await world.Simulator.DisposeAsync();
        await client.CoreV1.DeleteNamespaceAsync(world.Namespace);
        await ClusterSweep.SweepAsync(
            client,
            "/apis/storage.k8s.io/v1/storageclasses",
            "/api/v1/persistentvolumes",
            "/apis/cdi.kubevirt.io/v1beta1/storageprofiles",
            "/apis/snapshot.storage.k8s.io/v1/volumesnapshotclasses",
            "/apis/kubevirt.io/v1/namespaces/kubevirt/kubevirts");
    }

    private static KubeVirtSimulatorOptions SimulatorOptions(KubeVirtWorld world, TimeProvider time, WorldOptions options) => new()
    {
        Runtime = new ComponentRuntime { Time = time, Tasks = Task.Factory, Seed = new SimulationSeed(11) },
        GuestAgentConnector = options.Connector ?? new MemoryDiskGuestAgents(time, (launch, agent) =>
        {
            if (launch.Instance.Namespace == world.Namespace)
            {
                world.Agents[launch.Instance.Name] = agent;
            }
        }),
        FeatureGates = options.FeatureGates ?? ["Snapshot", "HotplugVolumes"],
        VolumeWriter = options.VolumeWriter,
        OnReconcileError = (key, error) => KubeVirtWorld.Errors.Enqueue($"{key}: {error}"),
        OnFreezeAnswered = answer =>
        {
            if (answer.Instance.Namespace == world.Namespace)
            {
                world.FreezeAnswers.Enqueue(answer);
            }
        },
    };

    /// <summary>What a world's simulator is started with.</summary>
    private sealed record WorldOptions(IReadOnlyList<string>? FeatureGates, IGuestAgentConnector? Connector, IVolumeContentWriter? VolumeWriter);
}
