namespace Harness.Simulators.Csi.Storage;

/// <summary>A volume as ListVolumes reports it.</summary>
internal sealed record VolumeView(string Id, long CapacityBytes, string? SourceSnapshotId, string? SourceVolumeId);
