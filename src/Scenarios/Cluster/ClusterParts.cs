using Harness.EnvTest.Core;
using Harness.Reconciling;
using Harness.Scenarios.Cluster.Components;
using Harness.Simulators.Csi.Stack;
using Harness.Simulators.KubeVirt.GuestAgents;
using k8s;

namespace Harness.Scenarios.Cluster;

/// <summary>What a <see cref="HarnessCluster"/> is assembled from: in-process parts on the deterministic scheduler, or live ones.</summary>
public sealed class ClusterParts
{
    /// <summary>The client every component speaks Kubernetes through.</summary>
    public required IKubernetes Client { get; init; }

    /// <summary>The client a component (<see cref="ComponentNames"/>) speaks through, when each has its own; null: <see cref="Client"/>.</summary>
    public Func<string, IKubernetes>? ComponentClient { get; init; }

    /// <summary>The embedded API server core, or null when the API server is a real one (the KubeVirt API is then served over HTTPS).</summary>
    public required ApiServer? Embedded { get; init; }

    public required TimeProvider TimeProvider { get; init; }

    public required TaskFactory TaskFactory { get; init; }

    /// <summary>The seed every component's own seed derives from.</summary>
    public required int Seed { get; init; }

    /// <summary>The CSI drivers as the sidecars reach them.</summary>
    public required IReadOnlyList<CsiDriverEndpoint> DriverEndpoints { get; init; }

    /// <summary>The drivers themselves, as parts that can crash and restart (in-process simulators or processes).</summary>
    public required IReadOnlyList<ClusterComponent> Drivers { get; init; }

    /// <summary>The node's mounted volumes when the guest agents publish their disks (kubelet's expansion then grows them); null when they do not.</summary>
    public Simulators.Csi.Kubelet.NodeMounts? NodeMounts { get; init; }

    /// <summary>Whether the snapshotter serves VolumeGroupSnapshots (external-snapshotter's CSIVolumeGroupSnapshot feature gate).</summary>
    public bool VolumeGroupSnapshots { get; init; }

    /// <summary>Starts each running VMI's guest agent.</summary>
    public required IGuestAgentConnector GuestAgents { get; init; }

    /// <summary>Copies the bytes of CDI's host-assisted clones between the drivers' volumes.</summary>
    public required Simulators.KubeVirt.Cdi.IVolumeCopier VolumeCopier { get; init; }

    /// <summary>Writes memory dumps into the claims' CSI volumes; null fails every memory dump.</summary>
    public Simulators.KubeVirt.MemoryDumps.IVolumeContentWriter? VolumeWriter { get; init; }

    /// <summary>Starts the snapshot/restore controller; null runs the cluster without one (a user's own controller, or none).</summary>
    public Func<CancellationToken, Task<IAsyncDisposable>>? Controller { get; init; }

    /// <summary>
    /// Starts the controller only once every other component serves, as in a loaded dump of a running cluster: there,
    /// virt-api and the CSI drivers were serving before the controller acted. By default it starts beside them.
    /// </summary>
    public bool ControllerStartsLast { get; init; }

    /// <summary>Called with each failed reconcile of the simulators.</summary>
    public Action<ObjectKey, Exception>? OnReconcileError { get; init; }
}
