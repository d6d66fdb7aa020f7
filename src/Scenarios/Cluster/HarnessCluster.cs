using Harness.EnvTest.Environment;
using Harness.Runtime;
using Harness.Runtime.Randomness;
using Harness.Scenarios.Cluster.Components;
using Harness.Scenarios.Cluster.Events;
using Harness.Simulators.Csi;
using Harness.Simulators.Csi.Stack;
using Harness.Simulators.KubeVirt;
using Harness.Simulators.KubeVirt.Admission;
using Harness.Simulators.KubeVirt.Subresources;
using k8s;

namespace Harness.Scenarios.Cluster;

/// <summary>
/// The whole system around one API server: the CSI drivers, their snapshotter and provisioner (with the first driver's
/// default StorageClass and VolumeSnapshotClass), the KubeVirt simulator with a guest agent per running VMI, and the
/// snapshot/restore controller when there is one. <c>harness up</c>, the end-to-end tests and the scenarios all run
/// this one type, in-process on the deterministic scheduler (<see cref="SimulatedCluster"/>) or live. Every component
/// can be stopped, crashed and restarted at any point (<see cref="Component"/>); <see cref="Events"/> records what
/// the invariants need.
/// </summary>
public sealed class HarnessCluster : IAsyncDisposable
{
    /// <summary>The API groups the cluster serves as aggregated APIs (their failures are the aggregator's, not etcd's).</summary>
    public static readonly IReadOnlySet<string> AggregatedGroups = new HashSet<string>(StringComparer.Ordinal) { SubresourceApi.Group };

    private readonly List<ClusterComponent> components;
    private readonly ClusterObserver observer;
    private KubeVirtApiService? kubeVirtApiService;

    private HarnessCluster(ClusterParts parts, DomainEventLog events)
    {
        Client = parts.Client;
        Events = events;
        var drivers = parts.DriverEndpoints;
        var runtime = new ComponentRuntime { Time = parts.TimeProvider, Tasks = parts.TaskFactory, Seed = new SimulationSeed((ulong)parts.Seed) };
        var clientFor = parts.ComponentClient ?? (_ => parts.Client);
        Storage = new StorageSidecarsComponent(
            clientFor(ComponentNames.StorageSidecars),
            () => new CsiStackOptions
            {
                Drivers = drivers,
                DefaultClassesDriver = drivers.Count > 0 ? drivers[0].DriverName : null,
                NodeMounts = parts.NodeMounts,
                Sidecars = new CsiSidecarOptions { Runtime = runtime.For(ComponentNames.StorageSidecars), VolumeGroupSnapshots = parts.VolumeGroupSnapshots },
            },
            events);
        KubeVirt = new KubeVirtComponent(
            clientFor(ComponentNames.KubeVirt),
            () => new KubeVirtSimulatorOptions
            {
                Runtime = runtime.For(ComponentNames.KubeVirt),
                GuestAgentConnector = parts.GuestAgents,
                VolumeCopier = parts.VolumeCopier,
                VolumeWriter = parts.VolumeWriter,
                OnReconcileError = parts.OnReconcileError,
                OnFreezeAnswered = answer => FreezeAnswerEvents.Record(events, answer),
            },
            events);
        Controller = parts.Controller is { } controller ? new HostedComponent(ComponentNames.Controller, controller, events) : null;
        components = [.. parts.Drivers, Storage, KubeVirt];
        if (Controller is not null)
        {
            components.Add(Controller);
        }

        observer = new ClusterObserver(parts.Client, runtime.For(ClusterObserver.Component), events);
    }

    public IKubernetes Client { get; }

    public DomainEventLog Events { get; }

    public StorageSidecarsComponent Storage { get; }

    public KubeVirtComponent KubeVirt { get; }

    public ClusterComponent? Controller { get; }

    /// <summary>Every component, in start order.</summary>
    public IReadOnlyList<ClusterComponent> Components => components;

    /// <summary>
    /// The admission webhooks the API server must call for this cluster (KubeVirt's VirtualMachine rules): registered
    /// in-process by <see cref="SimulatedCluster"/>, installed by a <c>TestEnvironment</c> otherwise.
    /// </summary>
    public static IReadOnlyList<AdmissionWebhook> Webhooks { get; } =
        [AdmissionReviewerHandler.Webhook(new VirtualMachineAdmission().Endpoint)];

    /// <summary>
    /// Serves the KubeVirt API — in the embedded server's aggregation, or over HTTPS as an APIService of a real
    /// kube-apiserver — then starts every component in order, and the controller beside them (it needs only the API
    /// server) or after them (<see cref="ClusterParts.ControllerStartsLast"/>). When one fails to start, the others are
    /// stopped again.
    /// </summary>
    public static async Task<HarnessCluster> StartAsync(ClusterParts parts, DomainEventLog events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(events);
        var cluster = new HarnessCluster(parts, events);
        var kubeVirtApi = new SubresourceApiHandler(() => cluster.KubeVirt.Subresources);
        parts.Embedded?.RegisterAggregatedApi(SubresourceApi.Group, SubresourceApi.Version, kubeVirtApi, SubresourceApi.ApiResources);

        await cluster.observer.StartAsync(cancellationToken);
        var controller = parts.ControllerStartsLast ? null : cluster.Controller?.StartAsync(cancellationToken);
        try
        {
            foreach (var component in cluster.components.Where(c => c != cluster.Controller))
            {
                await component.StartAsync(cancellationToken);
            }
        }
        catch
        {
            await Task.WhenAny(controller ?? Task.CompletedTask);
            await cluster.DisposeAsync();
            throw;
        }

        await (controller ?? cluster.Controller?.StartAsync(cancellationToken) ?? Task.CompletedTask);

        if (parts.Embedded is null)
        {
            cluster.kubeVirtApiService = await KubeVirtApiService.StartAsync(parts.Client, kubeVirtApi, parts.TimeProvider, new Random(parts.Seed), cancellationToken);
        }

        return cluster;
    }

    /// <summary>The component named <paramref name="name"/> (<see cref="ComponentNames"/>).</summary>
    public ClusterComponent Component(string name) =>
        components.FirstOrDefault(c => c.Name == name)
        ?? throw new ArgumentException($"no component '{name}' in this cluster; there are: {string.Join(", ", components.Select(c => c.Name))}", nameof(name));

    /// <summary>
    /// Stops the controller and KubeVirt at once (both need only the API server), then the others, last started first:
    /// KubeVirt's stopping guests still unpublish their disks through the drivers.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(new[] { Controller, KubeVirt }.OfType<ClusterComponent>().Select(c => c.StopAsync()));
        for (var i = components.Count - 1; i >= 0; i--)
        {
            await components[i].StopAsync();
        }

        await observer.DisposeAsync();
        if (kubeVirtApiService is not null)
        {
            await kubeVirtApiService.DisposeAsync();
        }
    }
}
