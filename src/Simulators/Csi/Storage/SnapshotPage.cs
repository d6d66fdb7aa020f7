namespace Harness.Simulators.Csi.Storage;

internal sealed record SnapshotPage(IReadOnlyList<SnapshotView> Entries, string NextToken);
