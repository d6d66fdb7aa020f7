using Harness.Controller.Restores;
using Harness.Controller.Snapshots;
using Harness.Reconciling;
using Harness.Scenarios.Cluster;

namespace Harness.Scenarios.Running;

/// <summary>The harness's own snapshot/restore controller as a simulated cluster's controller component: the snapshot and restore controllers on one reconciler host per start.</summary>
public static class SnapshotRestoreControllers
{
    /// <summary>The start function <see cref="SimulatedClusterOptions.Controller"/> takes.</summary>
    public static Func<CancellationToken, Task<IAsyncDisposable>> For(SimulatedCluster simulation)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        return async cancellationToken =>
        {
            var host = new ReconcilerHost(simulation.Scheduler.TaskFactory, simulation.Scheduler.TimeProvider);
            SnapshotController.Register(host, simulation.Client, new SnapshotControllerOptions
            {
                TimeProvider = simulation.Scheduler.TimeProvider,
                TaskFactory = simulation.Scheduler.TaskFactory,
            });
            RestoreController.Register(host, simulation.Client, new RestoreControllerOptions
            {
                TimeProvider = simulation.Scheduler.TimeProvider,
                TaskFactory = simulation.Scheduler.TaskFactory,
            });
            await host.StartAsync(cancellationToken);
            return host;
        };
    }
}
