using Harness.EnvTest.Core;
using Harness.Simulators.Csi;
using Harness.Simulators.Csi.Provisioner;
using Harness.Simulators.Csi.Snapshotter;
using Harness.Simulators.KubeVirt;
using Harness.Simulators.KubeVirt.Admission;
using Harness.Simulators.KubeVirt.GuestAgents;
using Harness.Simulators.KubeVirt.Subresources;
using k8s;

namespace Harness.Scenarios.Cluster;

/// <summary>
/// The simulated backends of one cluster, started against any API server through <see cref="IKubernetes"/>: the CSI
/// snapshotter and provisioner for the given drivers, the KubeVirt simulator (its subresource API and VM rules
/// registered in the embedded server when there is one), and each driver's default StorageClass and VolumeSnapshotClass.
/// </summary>
public sealed class SimulatedBackends : IAsyncDisposable
{
    private readonly CsiSnapshotter snapshotter;
    private readonly CsiProvisioner provisioner;

    private SimulatedBackends(CsiSnapshotter snapshotter, CsiProvisioner provisioner, KubeVirtSimulator kubeVirt)
    {
        this.snapshotter = snapshotter;
        this.provisioner = provisioner;
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
        var invokers = drivers.ToDictionary(d => d.Name, d => d.Invoker, StringComparer.Ordinal);
        var sidecarOptions = new CsiSidecarOptions { TimeProvider = options.TimeProvider, TaskFactory = options.TaskFactory };
        var snapshotter = new CsiSnapshotter(client, invokers, sidecarOptions);
        var provisioner = new CsiProvisioner(client, invokers, sidecarOptions);
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

        for (var i = 0; i < drivers.Count; i++)
        {
            await DefaultStorage.EnsureAsync(client, drivers[i].Name, drivers[i].Snapshots, isDefault: i == 0, cancellationToken: cancellationToken);
        }

        await snapshotter.StartAsync(cancellationToken);
        await provisioner.StartAsync(cancellationToken);
        await kubeVirt.StartAsync(cancellationToken);
        return new SimulatedBackends(snapshotter, provisioner, kubeVirt);
    }

    public async ValueTask DisposeAsync()
    {
        await KubeVirt.DisposeAsync();
        await provisioner.DisposeAsync();
        await snapshotter.DisposeAsync();
    }
}
