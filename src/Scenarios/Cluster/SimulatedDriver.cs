namespace Harness.Scenarios.Cluster;

/// <summary>An in-process CSI driver of a <see cref="SimulatedCluster"/>.</summary>
public sealed record SimulatedDriver(string Name, bool SnapshotsSupported);
