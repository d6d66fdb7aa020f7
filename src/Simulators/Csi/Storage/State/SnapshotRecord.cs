namespace Harness.Simulators.Csi.Storage.State;

internal sealed record SnapshotRecord(
    string Id,
    string Name,
    string SourceVolumeId,
    long Sequence,
    DateTimeOffset CreationTime,
    long SizeBytes,
    Dictionary<string, string> Parameters,
    Dictionary<long, string> Blocks,
    SnapshotLifecycle Lifecycle,
    string? GroupSnapshotId = null);
