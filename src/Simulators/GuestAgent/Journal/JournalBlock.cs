using System.Buffers.Binary;

namespace Harness.Simulators.GuestAgent;

/// <summary>
/// Encodes and decodes the journal's 64-byte blocks. A data block: magic <c>HJD1</c>, sequence, 44 payload
/// bytes derived from the sequence, FNV-1a checksum. A commit marker: magic <c>HJC1</c>, sequence, the data
/// block's checksum, zeros, FNV-1a checksum.
/// </summary>
internal static class JournalBlock
{
    private const int ChecksumOffset = JournalLayout.SlotSize - sizeof(ulong);
    private static readonly byte[] DataMagic = "HJD1"u8.ToArray();
    private static readonly byte[] CommitMagic = "HJC1"u8.ToArray();

    public static byte[] Data(long sequence)
    {
        var block = new byte[JournalLayout.SlotSize];
        DataMagic.CopyTo(block, 0);
        BinaryPrimitives.WriteInt64LittleEndian(block.AsSpan(4), sequence);
        var state = Fnv(BitConverter.GetBytes(sequence));
        for (var i = 12; i < ChecksumOffset; i++)
        {
            state = (state ^ (ulong)i) * 0x100000001B3UL;
            block[i] = (byte)(state >> 56);
        }

        Seal(block);
        return block;
    }

    public static byte[] Commit(long sequence, ulong dataChecksum)
    {
        var block = new byte[JournalLayout.SlotSize];
        CommitMagic.CopyTo(block, 0);
        BinaryPrimitives.WriteInt64LittleEndian(block.AsSpan(4), sequence);
        BinaryPrimitives.WriteUInt64LittleEndian(block.AsSpan(12), dataChecksum);
        Seal(block);
        return block;
    }

    public static ulong Checksum(ReadOnlySpan<byte> block) => BinaryPrimitives.ReadUInt64LittleEndian(block[ChecksumOffset..]);

    /// <summary>Reads a data block; <c>null</c> when the slot holds no valid one.</summary>
    public static long? ReadData(ReadOnlySpan<byte> block) =>
        IsValid(block, DataMagic) && block.SequenceEqual(Data(Sequence(block))) ? Sequence(block) : null;

    /// <summary>Reads a commit marker; <c>null</c> when the slot holds no valid one.</summary>
    public static (long Sequence, ulong DataChecksum)? ReadCommit(ReadOnlySpan<byte> block) =>
        IsValid(block, CommitMagic) ? (Sequence(block), BinaryPrimitives.ReadUInt64LittleEndian(block[12..])) : null;

    private static long Sequence(ReadOnlySpan<byte> block) => BinaryPrimitives.ReadInt64LittleEndian(block[4..]);

    private static bool IsValid(ReadOnlySpan<byte> block, byte[] magic) =>
        block[..4].SequenceEqual(magic) && Sequence(block) > 0 && Checksum(block) == Fnv(block[..ChecksumOffset]);

    private static void Seal(byte[] block) =>
        BinaryPrimitives.WriteUInt64LittleEndian(block.AsSpan(ChecksumOffset), Fnv(block.AsSpan(0, ChecksumOffset)));

    private static ulong Fnv(ReadOnlySpan<byte> bytes)
    {
        var hash = 0xCBF29CE484222325UL;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 0x100000001B3UL;
        }

        return hash;
    }
}
