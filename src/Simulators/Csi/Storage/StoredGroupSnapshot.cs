namespace Harness.Simulators.Csi.Storage;

/// <summary>Snapshots of several volumes cut at one instant; its member snapshots go with it.</summary>
internal sealed class StoredGroupSnapshot
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    /// <summary>In request order, so that a retried request with the same volumes in another order is recognised.</summary>
    public required IReadOnlyList<string> SourceVolumeIds { get; init; }

    public required IReadOnlyList<string> SnapshotIds { get; init; }

    public required DateTimeOffset CreationTime { get; init; }

    public required IReadOnlyDictionary<string, string> Parameters { get; init; }
}
