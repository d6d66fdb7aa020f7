namespace Harness.Controller.Snapshots.Lifecycle;

/// <summary>Facts a snapshot reconcile observes, each of which may move the snapshot's lifecycle.</summary>
internal enum SnapshotTrigger
{
    /// <summary>The snapshot has no status yet.</summary>
    Observed,

    /// <summary>The source exists and is not held by this snapshot.</summary>
    SourceUnlocked,

    /// <summary>The source is locked and no content exists.</summary>
    ContentMissing,

    /// <summary>The content has a creation time: every volume was cut.</summary>
    ContentCut,

    /// <summary>The failure deadline passed before the snapshot succeeded.</summary>
    DeadlineExceeded,

    /// <summary>The snapshot has a deletionTimestamp.</summary>
    Deleted,
}
