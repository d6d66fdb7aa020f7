namespace Harness.Simulators.Csi.Storage;

internal sealed class StoredSnapshot
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required string SourceVolumeId { get; init; }

    /// <summary>Creation order; the ListSnapshots page token is the sequence of the first entry of the next page.</summary>
    public required long Sequence { get; init; }

    public required DateTimeOffset CreationTime { get; init; }

    public required long SizeBytes { get; init; }

    public required IReadOnlyDictionary<string, string> Parameters { get; init; }

    public required BlockMap Content { get; init; }

    public required SnapshotLifecycle Lifecycle { get; init; }

    /// <summary>The group snapshot this snapshot was cut in, if any: it is deleted with its group, not alone.</summary>
    public string? GroupSnapshotId { get; init; }

    public SnapshotState StateAt(DateTimeOffset now)
    {
        if (Lifecycle.LostAt is { } lost && now >= lost)
        {
            return SnapshotState.Lost;
        }

        if (Lifecycle.NeverReady || now < Lifecycle.ReadyAt)
        {
            return SnapshotState.Pending;
        }

        return Lifecycle.ErroredAt is { } errored && now >= errored ? SnapshotState.Errored : SnapshotState.Ready;
    }
}
