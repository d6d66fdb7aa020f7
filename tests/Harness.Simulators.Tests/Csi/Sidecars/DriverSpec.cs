namespace Harness.Simulators.Tests.Csi.Sidecars;

internal sealed record DriverSpec(string Name, bool Snapshots = true, long RestoreSizeRounding = 0, bool Expansion = true, bool GroupSnapshots = true);
