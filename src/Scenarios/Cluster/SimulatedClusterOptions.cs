using Harness.Simulators.Csi;

namespace Harness.Scenarios.Cluster;

/// <summary>What a <see cref="SimulatedCluster"/> runs.</summary>
public sealed class SimulatedClusterOptions
{
    /// <value>One driver, <see cref="CsiConstants.DefaultDriverName"/>, with snapshot support.</value>
    public IReadOnlyList<SimulatedDriver> Drivers { get; init; } = [new SimulatedDriver(CsiConstants.DefaultDriverName, SnapshotsSupported: true)];

    /// <summary>Whether the embedded server runs its garbage collector and namespace controller.</summary>
    /// <value>False.</value>
    public bool RunApiServerControllers { get; init; }

    /// <summary>Makes the controller's start function for a cluster; null runs no controller.</summary>
    public Func<SimulatedCluster, Func<CancellationToken, Task<IAsyncDisposable>>>? Controller { get; init; }
}
