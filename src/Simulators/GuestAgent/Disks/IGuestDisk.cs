namespace Harness.Simulators.GuestAgent;

/// <summary>
/// A block device as the guest sees it. The CSI simulator's volumes, restored copies, in-memory disks
/// and files all fit behind it.
/// </summary>
public interface IGuestDisk
{
    /// <summary>Size in bytes; reads and writes stay within it.</summary>
    long Size { get; }

    /// <summary>Writes <paramref name="data"/> at <paramref name="offset"/>.</summary>
    ValueTask WriteAsync(long offset, ReadOnlyMemory<byte> data);

    /// <summary>Reads into <paramref name="buffer"/> from <paramref name="offset"/>; returns the bytes read. Never-written bytes read as zero.</summary>
    ValueTask<int> ReadAsync(long offset, Memory<byte> buffer);
}
