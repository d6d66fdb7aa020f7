namespace Harness.Simulators.Csi.Storage;

internal sealed class StoredVolume
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required long CapacityBytes { get; init; }

    public required IReadOnlyDictionary<string, string> Parameters { get; init; }

    public string? SourceSnapshotId { get; init; }

    public string? SourceVolumeId { get; init; }

    public required BlockMap Content { get; set; }

    public Publication? Publication { get; set; }
}
