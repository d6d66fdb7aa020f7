using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Harness.Simulators.Csi.Storage;

/// <summary>
/// The sparse content of a volume or snapshot: fixed-size blocks keyed by block index; a block that
/// is all zeros is not stored. Stored block arrays are never modified, so a copy of the map shares
/// them with its original (copy-on-write): a write replaces the block array in the writer's map only.
/// </summary>
internal sealed class BlockMap
{
    public const int BlockSize = 4096;

    private readonly SortedDictionary<long, byte[]> blocks;

    public BlockMap()
    {
        blocks = new SortedDictionary<long, byte[]>();
    }

    private BlockMap(SortedDictionary<long, byte[]> blocks)
    {
        this.blocks = blocks;
    }

    public IEnumerable<KeyValuePair<long, byte[]>> Blocks => blocks;

    public long StoredBytes => (long)blocks.Count * BlockSize;

    public BlockMap Copy() => new(new SortedDictionary<long, byte[]>(blocks));

    /// <summary>The content cut to <paramref name="size"/> bytes: blocks past it are dropped, the last one is zero-filled past the end.</summary>
    public BlockMap Truncated(long size)
    {
        var copy = new SortedDictionary<long, byte[]>();
        foreach (var (index, block) in blocks)
        {
            var start = index * BlockSize;
            if (start >= size)
            {
                break;
            }

            if (start + BlockSize <= size)
            {
                copy[index] = block;
                continue;
            }

            var partial = new byte[BlockSize];
            block.AsSpan(0, (int)(size - start)).CopyTo(partial);
            if (partial.AsSpan().ContainsAnyExcept((byte)0))
            {
                copy[index] = partial;
            }
        }

        return new BlockMap(copy);
    }

    public void SetBlock(long index, byte[] block)
    {
        if (block.Length != BlockSize)
        {
            throw new ArgumentException($"a block holds exactly {BlockSize} bytes, not {block.Length}", nameof(block));
        }

        if (block.AsSpan().ContainsAnyExcept((byte)0))
        {
            blocks[index] = block;
        }
        else
        {
            blocks.Remove(index);
        }
    }

    public void Write(long offset, ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            var index = offset / BlockSize;
            var within = (int)(offset % BlockSize);
            var count = Math.Min(BlockSize - within, data.Length);
            var block = new byte[BlockSize];
            if (blocks.TryGetValue(index, out var existing))
            {
                existing.CopyTo(block, 0);
            }

            data[..count].CopyTo(block.AsSpan(within));
            SetBlock(index, block);
            offset += count;
            data = data[count..];
        }
    }

    public void Read(long offset, Span<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            var index = offset / BlockSize;
            var within = (int)(offset % BlockSize);
            var count = Math.Min(BlockSize - within, destination.Length);
            if (blocks.TryGetValue(index, out var block))
            {
                block.AsSpan(within, count).CopyTo(destination);
            }
            else
            {
                destination[..count].Clear();
            }

            offset += count;
            destination = destination[count..];
        }
    }

    /// <summary>
    /// SHA-256 over the non-zero blocks (index, then bytes) in index order, as lowercase hex. Two maps
    /// hash equal exactly when they hold the same bytes; the size of the volume does not enter.
    /// </summary>
    public string ComputeHash()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> index = stackalloc byte[sizeof(long)];
        foreach (var (blockIndex, block) in blocks)
        {
            BinaryPrimitives.WriteInt64LittleEndian(index, blockIndex);
            hash.AppendData(index);
            hash.AppendData(block);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public static string HashBlock(byte[] block) => Convert.ToHexStringLower(SHA256.HashData(block));
}
