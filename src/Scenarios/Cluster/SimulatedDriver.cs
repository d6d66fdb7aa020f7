namespace Harness.Scenarios.Cluster;

/// <summary>An in-process CSI driver of a <see cref="SimulatedCluster"/>.</summary>
/// <param name="RestoreSizeRoundingBytes">Snapshot sizes (restoreSize) round up to a multiple of this (Ceph-like); 0: none.</param>
public sealed record SimulatedDriver(string Name, bool SnapshotsSupported, long RestoreSizeRoundingBytes = 0);
