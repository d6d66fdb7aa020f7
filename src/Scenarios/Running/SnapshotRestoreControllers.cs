using Harness.Controller.Defects;
using Harness.Controller.Restores;
using Harness.Controller.Snapshots;
using Harness.Reconciling;
using Harness.Scenarios.Cluster;
using Harness.Scenarios.Cluster.Components;
using k8s;

namespace Harness.Scenarios.Running;

/// <summary>The harness's own snapshot/restore controller as a simulated cluster's controller component: the snapshot and restore controllers on one reconciler host per start.</summary>
public static class SnapshotRestoreControllers
{
    /// <summary>The start function <see cref="SimulatedClusterOptions.Controller"/> takes.</summary>
    public static Func<CancellationToken, Task<IAsyncDisposable>> For(SimulatedCluster simulation)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        return For(simulation, simulation.ClientFor(ComponentNames.Controller), observer: null);
    }

    /// <summary>The controller with deliberate <paramref name="defects"/>, for the tests that prove the scenarios catch them.</summary>
    public static Func<SimulatedCluster, Func<CancellationToken, Task<IAsyncDisposable>>> With(ControllerDefects defects) => simulation =>
    {
        ArgumentNullException.ThrowIfNull(simulation);
        return For(simulation, simulation.Client, observer: null, defects);
    };

    /// <summary>The start function of controllers that speak through <paramref name="client"/> and report each reconcile to <paramref name="observer"/>.</summary>
    /// <param name="defects">Deliberate bugs (tests only).</param>
    public static Func<CancellationToken, Task<IAsyncDisposable>> For(
        SimulatedCluster simulation, IKubernetes client, IReconcileObserver? observer, ControllerDefects defects = ControllerDefects.None)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentNullException.ThrowIfNull(client);
        return async cancellationToken =>
        {
            var host = new ReconcilerHost(simulation.Runtime(ComponentNames.Controller), observer: observer);
            SnapshotController.Register(host, client, new SnapshotControllerOptions
            {
                TimeProvider = simulation.Scheduler.TimeProvider,
                TaskFactory = simulation.Scheduler.TaskFactory,
                Defects = defects,
            });
            RestoreController.Register(host, client, new RestoreControllerOptions
            {
                TimeProvider = simulation.Scheduler.TimeProvider,
                TaskFactory = simulation.Scheduler.TaskFactory,
                Defects = defects,
            });
            await host.StartAsync(cancellationToken);
            return host;
        };
    }
}
