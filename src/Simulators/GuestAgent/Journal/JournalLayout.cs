namespace Harness.Simulators.GuestAgent;

/// <summary>
/// Where the guest application's journal lives. Record <c>s</c> (1-based) of a guest with <c>N</c> disks has its
/// data block on disk <c>(s-1) mod N</c> and its commit marker on the next disk, <c>s mod N</c>, so every
/// commit crosses disks. Each disk holds a data region then a commit region of <see cref="SlotsPerDisk"/>
/// 64-byte slots from offset 0; the journal wraps around after <c>N × SlotsPerDisk</c> records.
/// The layout does not depend on disk sizes, so restored disks that grew still read back.
/// </summary>
public sealed record JournalLayout
{
    /// <summary>Bytes per slot (data block or commit marker).</summary>
    public const int SlotSize = 64;

    public JournalLayout(int slotsPerDisk)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(slotsPerDisk);
        SlotsPerDisk = slotsPerDisk;
    }

    /// <summary>1024 slots per region: 128 KiB per disk.</summary>
    public static JournalLayout Default { get; } = new(GuestAgentConstants.DefaultJournalSlotsPerDisk);

    public int SlotsPerDisk { get; }

    /// <summary>Bytes the journal occupies at the start of every disk.</summary>
    public long BytesPerDisk => 2L * SlotsPerDisk * SlotSize;

    /// <summary>How many consecutive records the journal keeps before it overwrites the oldest.</summary>
    public long Capacity(int diskCount) => (long)diskCount * SlotsPerDisk;

    internal (int Disk, long Offset) DataLocation(long sequence, int diskCount)
    {
        var index = sequence - 1;
        return ((int)(index % diskCount), Slot(index, diskCount) * SlotSize);
    }

    internal (int Disk, long Offset) CommitLocation(long sequence, int diskCount)
    {
        var index = sequence - 1;
        return ((int)((index + 1) % diskCount), ((long)SlotsPerDisk + Slot(index, diskCount)) * SlotSize);
    }

    internal void CheckDisks(IReadOnlyList<IGuestDisk> disks)
    {
        for (var i = 0; i < disks.Count; i++)
        {
            if (disks[i].Size < BytesPerDisk)
            {
                throw new ArgumentException($"disk {i} has {disks[i].Size} bytes; the journal needs {BytesPerDisk} bytes per disk");
            }
        }
    }

    private long Slot(long index, int diskCount) => index / diskCount % SlotsPerDisk;
}
