namespace Harness.Simulators.Csi.Storage.State;

/// <summary>The state file's root: every volume, snapshot and group snapshot, their blocks stored once by content hash.</summary>
internal sealed record DriverStateDocument(
    int Version,
    long NextSequence,
    Dictionary<string, string> Blocks,
    List<VolumeRecord> Volumes,
    List<SnapshotRecord> Snapshots,
    List<GroupSnapshotRecord>? GroupSnapshots = null)
{
    public const int CurrentVersion = 1;
}
