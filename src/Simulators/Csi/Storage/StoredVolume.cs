namespace Harness.Simulators.Csi.Storage;

internal sealed class StoredVolume
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    /// <summary>Creation order; the ListVolumes page token is the sequence of the first entry of the next page.</summary>
    public required long Sequence { get; init; }

    /// <summary>The device's size; ControllerExpandVolume grows it.</summary>
    public required long CapacityBytes { get; set; }

    /// <summary>The size the node's filesystem spans: a mount volume's stays behind <see cref="CapacityBytes"/> until NodeExpandVolume.</summary>
    public required long NodeCapacityBytes { get; set; }

    public required IReadOnlyDictionary<string, string> Parameters { get; init; }

    /// <summary>A VolumeAttributesClass's parameters: set at creation, changed by ControllerModifyVolume.</summary>
    public required IReadOnlyDictionary<string, string> MutableParameters { get; set; }

    public string? SourceSnapshotId { get; init; }

    public string? SourceVolumeId { get; init; }

    public required BlockMap Content { get; set; }

    /// <summary>ControllerPublishVolume: the nodes the volume is attached to, each with its readonly flag.</summary>
    public SortedDictionary<string, bool> Attachments { get; init; } = new(StringComparer.Ordinal);

    public Staging? Staging { get; set; }

    public Publication? Publication { get; set; }
}
