namespace Harness.Controller.Snapshots.Lifecycle;

/// <summary>Where a VirtualMachineSnapshotContent is, read from its status.</summary>
internal enum ContentState
{
    /// <summary>No status yet (it stays so until a content pass succeeds, e.g. while VolumeSnapshot creation is refused).</summary>
    New,

    /// <summary>A status without <c>creationTime</c>: the guest may be frozen and VolumeSnapshots are being cut.</summary>
    Snapshotting,

    /// <summary><c>creationTime</c> set (every VolumeSnapshot cut, the guest thawed), not ready to use.</summary>
    Cut,

    /// <summary><c>creationTime</c> set and <c>readyToUse</c>.</summary>
    Ready,
}
