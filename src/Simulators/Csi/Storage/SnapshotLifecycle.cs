namespace Harness.Simulators.Csi.Storage;

/// <summary>
/// The moments at which a snapshot becomes ready, errors or vanishes from the storage backend, fixed
/// when it is cut (from the faults in force then) so that a restarted driver keeps the same plan.
/// </summary>
internal sealed record SnapshotLifecycle(
    DateTimeOffset ReadyAt,
    bool NeverReady,
    DateTimeOffset? ErroredAt,
    DateTimeOffset? LostAt);
