namespace Harness.Controller.Defects;

/// <summary>
/// Deliberate bugs the snapshot and restore controllers can be switched into, each a bug class KubeVirt had
/// (behaviour reference §6), so the chaos scenarios can prove they catch it. Only tests set these: the controller
/// process, <c>harness up</c> and <c>harness chaos</c> always run with <see cref="None"/>.
/// </summary>
[Flags]
public enum ControllerDefects
{
    None = 0,

    /// <summary>The content's release path (its snapshot failed at the deadline or was deleted before the cut) does not thaw the guest (#9998, PR #6047).</summary>
    ThawSkippedOnError = 1 << 0,

    /// <summary>
    /// The last pass over the content of a deleted snapshot releases it (thaw, finalizer) and then, as if the snapshot
    /// were still in progress, freezes the guest and creates the missing VolumeSnapshots: the content is gone, nothing
    /// thaws the guest again (the race PR #8086 fixed).
    /// </summary>
    FreezeAfterDelete = 1 << 1,

    /// <summary>A snapshot failed by its deadline keeps its content and VolumeSnapshots (§2.8, PR #6047's cleanup missing).</summary>
    ContentKeptAfterDeadline = 1 << 2,

    /// <summary>Unlocking clears <c>status.snapshotInProgress</c> but leaves the source-protection finalizer on the VM (#11432).</summary>
    LockFinalizerLeaked = 1 << 3,

    /// <summary>The lock does not check for another snapshot in progress, so two snapshots hold one VM (§2.3).</summary>
    TwoSnapshotsHoldOneVm = 1 << 4,

    /// <summary>A restore ignores its target readiness policy and writes the target while its VMI runs (PR #13195).</summary>
    RestoreWhileTargetRuns = 1 << 5,

    /// <summary>A restored claim requests the backed-up size even when the VolumeSnapshot's restoreSize is larger (PR #7933, Ceph rounding).</summary>
    RestoredSizeNotRoundedUp = 1 << 6,

    /// <summary>
    /// A content whose status was never written counts as new: VolumeSnapshots found for it (made by a controller that
    /// crashed before writing the status, or by a pass whose status write the cache does not show yet) are deleted as
    /// leftovers and created again, so a volume is cut twice.
    /// </summary>
    VolumeSnapshotCreatedTwice = 1 << 7,
}
