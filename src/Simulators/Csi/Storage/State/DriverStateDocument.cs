namespace Harness.Simulators.Csi.Storage.State;

/// <summary>The state file's root: every volume and snapshot, their blocks stored once by content hash.</summary>
internal sealed record DriverStateDocument(
    int Version,
    long NextSequence,
    Dictionary<string, string> Blocks,
    List<VolumeRecord> Volumes,
    List<SnapshotRecord> Snapshots)
{
    public const int CurrentVersion = 1;
}
