namespace Harness.Simulators.Csi.Storage;

/// <summary>A group snapshot as CreateVolumeGroupSnapshot and GetVolumeGroupSnapshot report it: ready when every member is.</summary>
internal sealed record GroupSnapshotView(string Id, IReadOnlyList<SnapshotView> Snapshots, DateTimeOffset CreationTime, bool ReadyToUse);
