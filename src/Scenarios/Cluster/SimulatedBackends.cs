using Harness.EnvTest.Core;
using Harness.Simulators.Csi;
using Harness.Simulators.Csi.Stack;
using Harness.Simulators.KubeVirt;
using Harness.Simulators.KubeVirt.Admission;
using Harness.Simulators.KubeVirt.GuestAgents;
using Harness.Simulators.KubeVirt.Subresources;
using k8s;

namespace Harness.Scenarios.Cluster;

/// <summary>
/// The simulated backends of one cluster, started against any API server through <see cref="IKubernetes"/>: the CSI
/// snapshotter and provisioner for the given drivers with the first driver's default StorageClass
/// (<see cref="CsiStackOptions.DefaultStorageClassName"/>) and VolumeSnapshotClass, and the KubeVirt simulator (its
/// subresource API and VM rules registered in the embedded server when there is one).
/// </summary>
public sealed class SimulatedBackends : IAsyncDisposable
{
    private readonly CsiStack storage;

    private SimulatedBackends(CsiStack storage, KubeVirtSimulator kubeVirt)
    {
        this.storage = storage;
        KubeVirt = kubeVirt;
    }

    public KubeVirtSimulator KubeVirt { get; }

    /// <summary>Starts the backends. <paramref name="embedded"/> is the embedded API server core, or null for another backend.</summary>
    public static async Task<SimulatedBackends> StartAsync(
        IKubernetes client,
        ApiServer? embedded,
        IReadOnlyList<CsiDriverEndpoint> drivers,
        IGuestAgentConnector guestAgents,
        SimulatedBackendsOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(drivers);
        ArgumentNullException.ThrowIfNull(options);
        var storage = new CsiStack(client, new CsiStackOptions
        {
            Drivers = drivers,
            DefaultClassesDriver = drivers.Count > 0 ? drivers[0].DriverName : null,
            Sidecars = new CsiSidecarOptions { TimeProvider = options.TimeProvider, TaskFactory = options.TaskFactory },
        });
        var kubeVirt = new KubeVirtSimulator(client, new KubeVirtSimulatorOptions
        {
            TimeProvider = options.TimeProvider,
            TaskFactory = options.TaskFactory,
            Seed = options.Seed,
            GuestAgentConnector = guestAgents,
            OnReconcileError = options.OnReconcileError,
        });
        if (embedded is not null)
        {
            embedded.RegisterAggregatedApi(SubresourceApi.Group, SubresourceApi.Version, new SubresourceApiHandler(kubeVirt.Subresources), SubresourceApi.ApiResources);
            embedded.RegisterValidatingAdmission(VirtualMachineAdmission.WebhookName, VirtualMachineAdmissionHandler.Rules, new VirtualMachineAdmissionHandler(kubeVirt.Admission));
        }

        await storage.StartAsync(cancellationToken);
        await kubeVirt.StartAsync(cancellationToken);
        return new SimulatedBackends(storage, kubeVirt);
    }

    public async ValueTask DisposeAsync()
    {
        await KubeVirt.DisposeAsync();
        await storage.DisposeAsync();
    }
}
