using Harness.Scenarios.Cluster.Events;
using Harness.Simulators.Csi;

namespace Harness.Scenarios.Cluster.Components;

/// <summary>
/// An in-process CSI driver. Down, its calls fail UNAVAILABLE, as a dead driver's socket does; its backend (volumes and
/// snapshots) survives, as a storage system outlives its driver's process.
/// </summary>
public sealed class InProcessCsiDriverComponent(CsiDriverSimulator driver, DomainEventLog log)
    : ClusterComponent(ComponentNames.CsiDriver(driver.DriverName), log)
{
    public CsiDriverSimulator Driver { get; } = driver;

    protected override Task OnStartAsync(CancellationToken cancellationToken)
    {
        Driver.Restart();
        return Task.CompletedTask;
    }

    protected override async Task OnStopAsync() => await Driver.CrashAsync();
}
