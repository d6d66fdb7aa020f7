namespace Harness.Scenarios.Operations;

/// <summary>A CSI driver fault a schedule switches on for a while (<see cref="SetStorageFault"/>).</summary>
public enum StorageFault
{
    /// <summary>None: the driver behaves.</summary>
    Healed,

    /// <summary>CreateSnapshot answers 1–20 s late.</summary>
    SnapshotLatency,

    /// <summary>Half of CreateSnapshot calls fail UNAVAILABLE.</summary>
    SnapshotErrors,

    /// <summary>Snapshots cut now become ready 30 s after the cut.</summary>
    LateReady,

    /// <summary>Snapshots cut now never become ready.</summary>
    NeverReady,
}
