using Harness.Controller.Defects;
using Harness.Reconciling;
using Microsoft.Extensions.Logging;

namespace Harness.Controller.Snapshots;

/// <summary>The runtime and knobs of a <see cref="SnapshotController"/>; the clock and task factory have no defaults.</summary>
public sealed class SnapshotControllerOptions
{
    /// <summary>KubeVirt's <c>snapshotRetryInterval</c>: how soon a waiting lock, a refused freeze or a content being deleted is looked at again.</summary>
    public static readonly TimeSpan DefaultRetryInterval = TimeSpan.FromSeconds(5);

    /// <summary>
    /// KubeVirt's <c>defaultSnapshotControllerThreads</c>: virt-controller runs its snapshot and restore controllers
    /// with 6 workers per queue.
    /// </summary>
    public const int DefaultWorkers = 6;

    /// <summary>The controller's clock (the deterministic scheduler's virtual clock in simulation).</summary>
    public required TimeProvider TimeProvider { get; init; }

    /// <summary>Starts the controller's work (the deterministic scheduler's factory in simulation).</summary>
    public required TaskFactory TaskFactory { get; init; }

    /// <value><see cref="DefaultRetryInterval"/> (5 s).</value>
    public TimeSpan RetryInterval { get; init; } = DefaultRetryInterval;

    /// <summary>Deliberate bugs, for the chaos tests that prove the scenarios catch them; never set outside tests.</summary>
    /// <value><see cref="ControllerDefects.None"/>.</value>
    public ControllerDefects Defects { get; init; }

    /// <summary>Workers per queue (a key is never reconciled by two at once).</summary>
    /// <value><see cref="DefaultWorkers"/> (6).</value>
    public int Workers { get; init; } = DefaultWorkers;

    /// <value>No logging.</value>
    public ILogger? Logger { get; init; }

    /// <summary>Called with each failed reconcile (the key, prefixed by the queue: <c>snapshot</c>, <c>content</c>, <c>vm</c>).</summary>
    public Action<string, ObjectKey, Exception>? OnReconcileError { get; init; }

    /// <summary>Called when a snapshot is written Succeeded (the metrics' <c>kubevirt_vmsnapshot_succeeded_timestamp_seconds</c>).</summary>
    public Action<Harness.Api.Snapshots.VirtualMachineSnapshot>? OnSucceeded { get; init; }
}
