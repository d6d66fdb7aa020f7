using Harness.Scenarios.Cluster;

namespace Harness.Scenarios.Running;

/// <summary>How a <see cref="ScenarioRunner"/> runs scenarios.</summary>
public sealed record ScenarioRunnerOptions
{
    /// <summary>Makes the snapshot/restore controller's start function for a cluster; null runs none.</summary>
    /// <value>The harness's own controller (<see cref="SnapshotRestoreControllers.For"/>).</value>
    public Func<SimulatedCluster, Func<CancellationToken, Task<IAsyncDisposable>>>? Controller { get; init; } = SnapshotRestoreControllers.For;

    /// <summary>Most scheduler steps one run may take before it counts as not completing.</summary>
    /// <value>3,000,000.</value>
    public long MaxSteps { get; init; } = 3_000_000;

    /// <summary>How long after the faults stop the snapshots and restores have to end.</summary>
    /// <value>Seven minutes: past the default five-minute deadline and readiness grace period.</value>
    public TimeSpan SettleBudget { get; init; } = TimeSpan.FromMinutes(7);

    /// <summary>How long the cluster is left alone before the settled and the cleaned state are read.</summary>
    /// <value>30 seconds.</value>
    public TimeSpan CleanupSettle { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often each guest's application writes a journal block.</summary>
    /// <value>
    /// One second: ten times slower than the guest simulator's default (100 ms, kept by <c>harness up</c> and the tests), so
    /// the guests' writes are no longer the most frequent steps of a run. The invariants do not depend on it: freezes, thaws
    /// and cuts are events of the log, and a guest running for two seconds has already written a record.
    /// </value>
    public TimeSpan GuestWriteInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Whether results keep the text of every scheduler step (<see cref="ScenarioResult.Trace"/>).</summary>
    public bool KeepTrace { get; init; }
}
