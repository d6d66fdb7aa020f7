namespace Harness.Controller.Snapshots.Lifecycle;

/// <summary>Facts a content reconcile observes about its VolumeSnapshots.</summary>
internal enum ContentTrigger
{
    /// <summary>Some VolumeSnapshot still has no <c>status.creationTime</c> (or must still be created).</summary>
    NotAllCut,

    /// <summary>Every VolumeSnapshot has <c>status.creationTime</c> (or there are none).</summary>
    AllCut,

    /// <summary>Every VolumeSnapshot is <c>readyToUse</c> and none is missing.</summary>
    AllReady,

    /// <summary>A VolumeSnapshot is missing, in error or not ready.</summary>
    NotAllReady,
}
