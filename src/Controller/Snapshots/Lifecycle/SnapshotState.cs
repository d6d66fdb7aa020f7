namespace Harness.Controller.Snapshots.Lifecycle;

/// <summary>
/// Where a VirtualMachineSnapshot is. The phase is <c>status.phase</c>; inside <see cref="InProgress"/> the
/// substate is read from the API server too: the source VM's lock and the content's existence.
/// </summary>
internal enum SnapshotState
{
    /// <summary>No status yet: the first pass only writes one.</summary>
    New,

    /// <summary><c>InProgress</c>: the superstate of the three below.</summary>
    InProgress,

    /// <summary><c>InProgress</c>, the source not (fully) locked.</summary>
    WaitingForSource,

    /// <summary><c>InProgress</c>, the source locked, no content yet.</summary>
    SourceLocked,

    /// <summary><c>InProgress</c>, the content created; its reconcile freezes, cuts the volumes and thaws.</summary>
    ContentCreated,

    Succeeded,
    Failed,
    Deleting,
}
