using Harness.Api.Snapshots;
using Harness.Controller.Defects;
using Harness.Reconciling;
using Microsoft.Extensions.Logging;

namespace Harness.Controller.Restores;

/// <summary>The runtime and knobs of a <see cref="RestoreController"/>; the clock and task factory have no defaults.</summary>
public sealed class RestoreControllerOptions
{
    /// <summary>The controller's clock (the deterministic scheduler's virtual clock in simulation).</summary>
    public required TimeProvider TimeProvider { get; init; }

    /// <summary>Starts the controller's work (the deterministic scheduler's factory in simulation).</summary>
    public required TaskFactory TaskFactory { get; init; }

    /// <summary>How long a restore under <c>WaitGracePeriod</c> waits for its target's VMI to go before it fails.</summary>
    /// <value><see cref="SnapshotApi.DefaultGracePeriod"/> (5 minutes).</value>
    public TimeSpan GracePeriod { get; init; } = SnapshotApi.DefaultGracePeriod;

    /// <summary>Deliberate bugs, for the chaos tests that prove the scenarios catch them; never set outside tests.</summary>
    /// <value><see cref="ControllerDefects.None"/>.</value>
    public ControllerDefects Defects { get; init; }

    /// <summary>Workers per queue (a key is never reconciled by two at once).</summary>
    /// <value><see cref="Snapshots.SnapshotControllerOptions.DefaultWorkers"/> (6, KubeVirt's <c>defaultSnapshotControllerThreads</c>).</value>
    public int Workers { get; init; } = Snapshots.SnapshotControllerOptions.DefaultWorkers;

    /// <value>No logging.</value>
    public ILogger? Logger { get; init; }

    /// <summary>Called with each failed reconcile (the restore's key and the error).</summary>
    public Action<ObjectKey, Exception>? OnReconcileError { get; init; }
}
