using Harness.Runtime;
using Harness.Reconciling;
using Harness.Simulators.KubeVirt.Cdi;
using Harness.Simulators.KubeVirt.GuestAgents;
using Harness.Simulators.KubeVirt.MemoryDumps;
using Harness.Simulators.KubeVirt.Objects;

namespace Harness.Simulators.KubeVirt;

/// <summary>Options of <see cref="KubeVirtSimulator"/>.</summary>
public sealed class KubeVirtSimulatorOptions
{
    /// <summary>The KubeVirt version reported in the KubeVirt object's status.</summary>
    public const string ReportedKubeVirtVersion = "v1.9.0";

    /// <summary>
    /// The clock of every delay, timer and timestamp, the factory the loops and timer work start on, and the seed
    /// each guest agent's seed is derived from (with the VMI's UID).
    /// </summary>
    public required ComponentRuntime Runtime { get; init; }

    /// <summary>Starts the guest agent of each running VMI; <c>null</c> runs guests without agents.</summary>
    public IGuestAgentConnector? GuestAgentConnector { get; init; }

    /// <summary>Writes memory dumps into the volumes of their claims; <c>null</c> fails every dump (the simulator cannot reach the volumes).</summary>
    public IVolumeContentWriter? VolumeWriter { get; init; }

    /// <summary>The node VMIs are scheduled to (<c>status.nodeName</c>, <c>volume.kubernetes.io/selected-node</c>).</summary>
    /// <value>Defaults to <c>harness-node</c>.</value>
    public string NodeName { get; init; } = "harness-node";

    /// <summary>Copies the bytes of CDI's host-assisted clones (DataVolumes with <c>source.pvc</c>); <c>null</c> completes clones without moving bytes.</summary>
    public IVolumeCopier? VolumeCopier { get; init; }

    /// <summary>How often a running VMI's agent is pinged (<c>AgentConnected</c>, <c>fsFreezeStatus</c>).</summary>
    /// <value>Defaults to 5 seconds.</value>
    public TimeSpan AgentPingInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The default <see cref="AgentCommandTimeout"/>: 10 seconds.</summary>
    public static readonly TimeSpan DefaultAgentCommandTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How long one guest agent command may take before the agent counts as not answering.</summary>
    /// <value>Defaults to <see cref="DefaultAgentCommandTimeout"/>.</value>
    public TimeSpan AgentCommandTimeout { get; init; } = DefaultAgentCommandTimeout;

    /// <summary>Feature gates of the KubeVirt object the simulator creates when it is missing.</summary>
    /// <value>Defaults to <c>Snapshot</c> and <c>HotplugVolumes</c>.</value>
    public IReadOnlyList<string> FeatureGates { get; init; } = ["Snapshot", "HotplugVolumes"];

    /// <summary>Namespace of the KubeVirt object.</summary>
    /// <value>Defaults to <c>kubevirt</c>.</value>
    public string KubeVirtNamespace { get; init; } = "kubevirt";

    /// <summary>Name of the KubeVirt object.</summary>
    /// <value>Defaults to <c>kubevirt</c>.</value>
    public string KubeVirtName { get; init; } = "kubevirt";

    /// <summary>How long a DataVolume import or clone takes once its claim is Bound.</summary>
    /// <value>Defaults to 2 seconds.</value>
    public TimeSpan DataVolumePopulationTime { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Called with each answer virt-launcher gives a freeze or unfreeze request, and each unfreeze virt-api refuses, once it is given.</summary>
    public Action<Instances.FreezeAnswer>? OnFreezeAnswered { get; init; }

    /// <summary>Called when a reconcile fails (it is retried with backoff): the object's key and the error.</summary>
    public Action<ObjectKey, Exception>? OnReconcileError { get; init; }
}
