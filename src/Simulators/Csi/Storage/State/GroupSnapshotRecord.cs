namespace Harness.Simulators.Csi.Storage.State;

internal sealed record GroupSnapshotRecord(
    string Id,
    string Name,
    List<string> SourceVolumeIds,
    List<string> SnapshotIds,
    DateTimeOffset CreationTime,
    Dictionary<string, string> Parameters);
