namespace Harness.Simulators.Csi.Storage;

/// <summary>
/// A volume seen as a block device, as a guest sees its disk: reads and writes at byte offsets within
/// <see cref="Size"/>. Writes are the volume's content at once (a snapshot cut afterwards holds them).
/// </summary>
public sealed class VolumeDevice
{
    private readonly VolumeStore store;

    internal VolumeDevice(VolumeStore store, string volumeId, long size)
    {
        this.store = store;
        VolumeId = volumeId;
        Size = size;
    }

    public string VolumeId { get; }

    public long Size { get; }

    /// <summary>SHA-256 (hex) of the volume's non-zero blocks: equal hashes mean equal bytes; the size does not enter.</summary>
    public string ContentHash => store.ComputeUnpublishedHash(VolumeId);

    /// <exception cref="ArgumentOutOfRangeException">The range leaves the device.</exception>
    /// <exception cref="InvalidOperationException">The volume was deleted or published to a file.</exception>
    public ValueTask WriteAsync(long offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        store.Write(VolumeId, offset, data.Span);
        return ValueTask.CompletedTask;
    }

    /// <summary>The device's data: its non-zero blocks (offset and a copy of the bytes), as a reader skipping holes sees them.</summary>
    /// <exception cref="InvalidOperationException">The volume was deleted or published to a file.</exception>
    public IReadOnlyList<(long Offset, byte[] Data)> DataBlocks() => store.DataBlocks(VolumeId);

    /// <inheritdoc cref="WriteAsync"/>
    public ValueTask ReadAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        store.Read(VolumeId, offset, destination.Span);
        return ValueTask.CompletedTask;
    }
}
