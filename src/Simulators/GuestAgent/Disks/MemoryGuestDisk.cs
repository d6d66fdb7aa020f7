namespace Harness.Simulators.GuestAgent;

/// <summary>A sparse in-memory disk: 4 KiB blocks allocated on first write.</summary>
public sealed class MemoryGuestDisk : IGuestDisk
{
    private const int BlockSize = 4096;
    private readonly Dictionary<long, byte[]> blocks;

    public MemoryGuestDisk(long size)
        : this(size, [])
    {
    }

    private MemoryGuestDisk(long size, Dictionary<long, byte[]> blocks)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        Size = size;
        this.blocks = blocks;
    }

    public long Size { get; }

    /// <summary>A point-in-time copy, as a storage snapshot takes it.</summary>
    public MemoryGuestDisk Clone() =>
        new(Size, blocks.ToDictionary(b => b.Key, b => (byte[])b.Value.Clone()));

    public ValueTask WriteAsync(long offset, ReadOnlyMemory<byte> data)
    {
        CheckRange(offset, data.Length);
        var source = data.Span;
        while (!source.IsEmpty)
        {
            var index = offset / BlockSize;
            var within = (int)(offset % BlockSize);
            var count = Math.Min(BlockSize - within, source.Length);
            if (!blocks.TryGetValue(index, out var block))
            {
                block = new byte[BlockSize];
                blocks[index] = block;
            }

            source[..count].CopyTo(block.AsSpan(within));
            source = source[count..];
            offset += count;
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<int> ReadAsync(long offset, Memory<byte> buffer)
    {
        CheckRange(offset, 0);
        var length = (int)Math.Min(buffer.Length, Size - offset);
        var target = buffer.Span[..length];
        while (!target.IsEmpty)
        {
            var index = offset / BlockSize;
            var within = (int)(offset % BlockSize);
            var count = Math.Min(BlockSize - within, target.Length);
            if (blocks.TryGetValue(index, out var block))
            {
                block.AsSpan(within, count).CopyTo(target);
            }
            else
            {
                target[..count].Clear();
            }

            target = target[count..];
            offset += count;
        }

        return ValueTask.FromResult(length);
    }

    private void CheckRange(long offset, int length)
    {
        if (offset < 0 || offset + length > Size)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"access at {offset} (+{length}) is outside the disk's {Size} bytes");
        }
    }
}
