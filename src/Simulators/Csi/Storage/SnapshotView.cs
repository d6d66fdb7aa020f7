namespace Harness.Simulators.Csi.Storage;

/// <summary>A snapshot as ListSnapshots and CreateSnapshot report it at one moment.</summary>
internal sealed record SnapshotView(
    string Id,
    string SourceVolumeId,
    DateTimeOffset CreationTime,
    long SizeBytes,
    SnapshotState State,
    string? GroupSnapshotId);
