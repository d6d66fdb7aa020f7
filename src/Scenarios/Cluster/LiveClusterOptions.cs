namespace Harness.Scenarios.Cluster;

/// <summary>What a <see cref="LiveCluster"/> runs beside the simulators.</summary>
public sealed class LiveClusterOptions
{
    /// <summary>Where the snapshot/restore controller runs (against the environment's kubeconfig), if at all.</summary>
    /// <value><see cref="ControllerPlacement.None"/>.</value>
    public ControllerPlacement Controller { get; init; }

    /// <summary>The domain event log the cluster records into (shared with what stands in front of the API server, say).</summary>
    /// <value>null: a new log.</value>
    public Events.DomainEventLog? Events { get; init; }

    /// <summary>The CSI drivers, one <c>harness-csi-driver</c> process each; the first gets the default classes.</summary>
    /// <value>The default driver, <c>csi.harness.kubevirt.io</c>, with snapshots.</value>
    public IReadOnlyList<SimulatedDriver> Drivers { get; init; } = [new SimulatedDriver(Simulators.Csi.CsiConstants.DefaultDriverName, SnapshotsSupported: true)];

    /// <summary>
    /// Whether each driver's backend first adopts the volumes and snapshots the API server's objects say it holds (a
    /// loaded dump), before its process starts. False is for an API server known to start empty: the driver processes
    /// then start at once (<see cref="LiveClusterLaunch.Begin"/>), beside the API server instead of after it.
    /// </summary>
    /// <value>true.</value>
    public bool AdoptStorage { get; init; } = true;

    /// <summary>
    /// Whether a controller process trusts only the certificate authority its kubeconfig carries, not the system's trust
    /// store (<c>SSL_CERT_FILE</c> and <c>SSL_CERT_DIR</c> name none): for an API server whose kubeconfig the harness wrote
    /// with the server's own CA (the embedded one, the binaries). The runtime reads the whole system store at the first
    /// certificate chain it builds, about 75 ms of CPU on the controller's path to its first request.
    /// </summary>
    /// <value>false.</value>
    public bool ControllerTrustsOnlyClusterCa { get; init; }
}
