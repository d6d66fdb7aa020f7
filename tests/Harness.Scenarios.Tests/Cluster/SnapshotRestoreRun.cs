namespace Harness.Scenarios.Tests.Cluster;

/// <summary>What one run of the frozen snapshot-and-restore scenario observed.</summary>
/// <param name="TraceHash">The schedule trace hash of the run.</param>
/// <param name="CommittedAtFreeze">The guest journal's last committed record when the freeze answered.</param>
/// <param name="RestoredLastCommitted">The last committed record read back from the restored volumes.</param>
/// <param name="Steps">Scheduler steps the run took.</param>
/// <param name="VirtualTime">Virtual time the run took.</param>
internal sealed record SnapshotRestoreRun(string TraceHash, long CommittedAtFreeze, long RestoredLastCommitted, long Steps, TimeSpan VirtualTime);
