namespace Harness.Simulators.Csi.Storage.State;

internal sealed record VolumeRecord(
    string Id,
    string Name,
    long CapacityBytes,
    Dictionary<string, string> Parameters,
    string? SourceSnapshotId,
    string? SourceVolumeId,
    Dictionary<long, string> Blocks,
    Publication? Publication,
    long Sequence = 0,
    long NodeCapacityBytes = 0,
    Dictionary<string, string>? MutableParameters = null,
    SortedDictionary<string, bool>? Attachments = null,
    Staging? Staging = null);
