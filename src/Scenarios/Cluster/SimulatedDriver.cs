namespace Harness.Scenarios.Cluster;

/// <summary>A CSI driver of a cluster: in-process in a <see cref="SimulatedCluster"/>, a process of its own in a <see cref="LiveCluster"/>.</summary>
/// <param name="RestoreSizeRoundingBytes">Snapshot sizes (restoreSize) round up to a multiple of this (Ceph-like); 0: none.</param>
public sealed record SimulatedDriver(string Name, bool SnapshotsSupported, long RestoreSizeRoundingBytes = 0);
