using Harness.EnvTest.Admission;
using Harness.EnvTest.Loading;
using Harness.Simulators.Csi;
using Harness.Simulators.GuestAgent;

namespace Harness.Scenarios.Cluster;

/// <summary>What a <see cref="SimulatedCluster"/> runs.</summary>
public sealed class SimulatedClusterOptions
{
    /// <value>One driver, <see cref="CsiConstants.DefaultDriverName"/>, with snapshot support.</value>
    public IReadOnlyList<SimulatedDriver> Drivers { get; init; } = [new SimulatedDriver(CsiConstants.DefaultDriverName, SnapshotsSupported: true)];

    /// <summary>Whether the embedded server runs its garbage collector and namespace controller.</summary>
    /// <value>False.</value>
    public bool RunApiServerControllers { get; init; }

    /// <summary>A dump of another cluster's objects, loaded (<see cref="EnvTest.Core.ApiServer.Load"/>) and adopted by the CSI drivers before anything starts.</summary>
    /// <value>None.</value>
    public IReadOnlyList<SourcedObject> Dump { get; init; } = [];

    /// <summary>The virtual clock's start.</summary>
    /// <value>null: the scheduler's default.</value>
    public DateTimeOffset? StartTime { get; init; }

    /// <summary>How the API server calls stored webhook configurations.</summary>
    /// <value>null: over HTTPS (which no deterministic run should reach).</value>
    public IWebhookCaller? WebhookCaller { get; init; }

    /// <summary>How often each guest's application writes a journal block (<see cref="GuestAgentSimulatorOptions.WriteInterval"/>).</summary>
    /// <value>The guest simulator's default, <see cref="GuestAgentSimulatorOptions.DefaultWriteInterval"/>.</value>
    public TimeSpan GuestWriteInterval { get; init; } = GuestAgentSimulatorOptions.DefaultWriteInterval;

    /// <summary>Makes the controller's start function for a cluster; null runs no controller.</summary>
    public Func<SimulatedCluster, Func<CancellationToken, Task<IAsyncDisposable>>>? Controller { get; init; }
}
