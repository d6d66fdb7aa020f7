namespace Harness.Simulators.Csi.Storage;

/// <summary>A validated CreateVolume request: capacity bounds of 0 mean "not given".</summary>
internal sealed record VolumeRequest(
    string Name,
    long RequiredBytes,
    long LimitBytes,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyDictionary<string, string> MutableParameters,
    string? SourceSnapshotId,
    string? SourceVolumeId);
