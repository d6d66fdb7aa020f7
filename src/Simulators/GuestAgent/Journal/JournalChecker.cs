namespace Harness.Simulators.GuestAgent;

/// <summary>
/// Reads the guest application's journal from a set of disks (live ones or restored copies, in the VM's volume
/// order) and says whether they form a consistent cut. The application writes record <c>s</c>'s data, then its
/// commit marker (on the next disk), then record <c>s+1</c>'s data, and so on; a consistent cut holds a prefix
/// of those writes. A commit marker without its data, or data beyond a missing commit, means the disks were
/// captured at different moments: the cut is torn.
/// </summary>
public static class JournalChecker
{
    public static async ValueTask<JournalCheckResult> CheckAsync(IReadOnlyList<IGuestDisk> disks, JournalLayout? layout = null)
    {
        ArgumentNullException.ThrowIfNull(disks);
        if (disks.Count == 0)
        {
            throw new ArgumentException("the journal needs at least one disk", nameof(disks));
        }

        layout ??= JournalLayout.Default;
        layout.CheckDisks(disks);
        var data = new Dictionary<long, ulong>();
        var commits = new Dictionary<long, ulong>();
        var problems = new List<string>();
        var region = new byte[layout.BytesPerDisk];
        for (var disk = 0; disk < disks.Count; disk++)
        {
            await disks[disk].ReadAsync(0, region);
            for (var slot = 0; slot < 2 * layout.SlotsPerDisk; slot++)
            {
                var offset = (long)slot * JournalLayout.SlotSize;
                var block = region.AsSpan((int)offset, JournalLayout.SlotSize);
                if (JournalBlock.ReadData(block) is { } sequence)
                {
                    Place(data, sequence, JournalBlock.Checksum(block), (disk, offset), layout.DataLocation(sequence, disks.Count), "data", problems);
                }
                else if (JournalBlock.ReadCommit(block) is { } commit)
                {
                    Place(commits, commit.Sequence, commit.DataChecksum, (disk, offset), layout.CommitLocation(commit.Sequence, disks.Count), "commit marker", problems);
                }
            }
        }

        var highest = Math.Max(data.Keys.DefaultIfEmpty(0).Max(), commits.Keys.DefaultIfEmpty(0).Max());
        var lowest = Math.Max(1, highest - layout.Capacity(disks.Count) + 1);
        var lastCommitted = lowest - 1;
        var prefixIntact = true;
        for (var sequence = lowest; sequence <= highest; sequence++)
        {
            var hasData = data.TryGetValue(sequence, out var dataChecksum);
            var hasCommit = commits.TryGetValue(sequence, out var committedChecksum);
            var dataDisk = layout.DataLocation(sequence, disks.Count).Disk;
            var commitDisk = layout.CommitLocation(sequence, disks.Count).Disk;
            if (hasCommit && !hasData)
            {
                problems.Add($"record {sequence}: commit marker on disk {commitDisk} without its data on disk {dataDisk}");
            }
            else if (hasCommit && committedChecksum != dataChecksum)
            {
                problems.Add($"record {sequence}: commit marker on disk {commitDisk} does not match the data on disk {dataDisk}");
            }
            else if (!hasData && sequence < highest)
            {
                problems.Add($"record {sequence}: data missing on disk {dataDisk} although later records are present");
            }
            else if (hasData && !hasCommit && sequence < highest)
            {
                problems.Add($"record {sequence}: commit marker missing on disk {commitDisk} although later records are present");
            }

            prefixIntact &= hasData && hasCommit && committedChecksum == dataChecksum;
            if (prefixIntact)
            {
                lastCommitted = sequence;
            }
        }

        return new JournalCheckResult(lastCommitted, highest, problems);
    }

    private static void Place(
        Dictionary<long, ulong> found,
        long sequence,
        ulong checksum,
        (int Disk, long Offset) actual,
        (int Disk, long Offset) expected,
        string what,
        List<string> problems)
    {
        if (actual != expected)
        {
            problems.Add($"record {sequence}: {what} found on disk {actual.Disk} at {actual.Offset}, expected disk {expected.Disk} at {expected.Offset} (disks out of order?)");
            return;
        }

        found[sequence] = checksum;
    }
}
