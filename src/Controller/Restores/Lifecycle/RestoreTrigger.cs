namespace Harness.Controller.Restores.Lifecycle;

/// <summary>The facts a restore reconcile observes, each moving the restore's lifecycle.</summary>
internal enum RestoreTrigger
{
    /// <summary>A restore without a status was seen.</summary>
    Observed,

    /// <summary>The target VM has a VMI and the readiness policy waits for it to go (or stops it).</summary>
    TargetNotReady,

    /// <summary>The target VM has a VMI and the readiness policy gives up (FailImmediate, grace period passed).</summary>
    TargetReadinessFailed,

    /// <summary>Restored claims were created, deleted or are not bound yet.</summary>
    VolumesPending,

    /// <summary>The restores list, the DataVolumes or the target VM were written, or DataVolumes are not ready yet.</summary>
    TargetUpdated,

    /// <summary>Everything restored, obsolete DataVolumes deleted, the VM unmarked.</summary>
    Completed,

    /// <summary>A step failed (snapshot not ready, different target exists, an API error, ...).</summary>
    Errored,

    /// <summary>The restore has a deletionTimestamp and still its finalizer.</summary>
    Deleted,
}
