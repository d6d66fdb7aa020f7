using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Harness.Simulators.GuestAgent;

namespace Harness.Simulators.Tests.GuestAgent;

/// <summary>The guest's journaling application and <see cref="JournalChecker"/>, on a fake clock.</summary>
public sealed class JournalTests
{
    private static readonly TimeSpan Interval = GuestAgentSimulatorOptions.DefaultWriteInterval;

    [Fact]
    public async Task FrozenCut_DisksCapturedAtDifferentTimes_IsConsistent()
    {
        var sut = new InProcessAgent();
        using var stop = new CancellationTokenSource();
        var writer = sut.StartJournal(stop.Token);
        sut.Advance(TimeSpan.FromSeconds(3) + Interval);

        await sut.Run(c => c.FreezeAsync());
        var committedAtFreeze = writer.LastCommitted;
        var first = sut.Snapshot(0);
        sut.Advance(TimeSpan.FromSeconds(5));
        var second = sut.Snapshot(1);
        await sut.Run(c => c.ThawAsync());

        var journal = await JournalChecker.CheckAsync([first, second]);
        Assert.True(journal.IsConsistent, string.Join("; ", journal.Problems));
        Assert.Equal(committedAtFreeze, journal.LastCommitted);
        Assert.True(committedAtFreeze > 10);
    }

    [Fact]
    public async Task UnfrozenCut_DisksCapturedAtDifferentTimes_IsTorn()
    {
        var sut = new InProcessAgent();
        using var stop = new CancellationTokenSource();
        sut.StartJournal(stop.Token);
        sut.Advance(TimeSpan.FromSeconds(2));

        var first = sut.Snapshot(0);
        sut.Advance(TimeSpan.FromSeconds(1));
        var second = sut.Snapshot(1);

        var journal = await JournalChecker.CheckAsync([first, second]);
        Assert.False(journal.IsConsistent);
        Assert.Contains(journal.Problems, p => p.Contains("without its data on disk 0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Freeze_WhileWriterRuns_WritesWaitUntilThaw()
    {
        var sut = new InProcessAgent();
        using var stop = new CancellationTokenSource();
        var writer = sut.StartJournal(stop.Token);
        sut.Advance(TimeSpan.FromSeconds(1));

        await sut.Run(c => c.FreezeAsync());
        var before = (writer.LastData, writer.LastCommitted);
        sut.Advance(TimeSpan.FromMinutes(1));
        var whileFrozen = (writer.LastData, writer.LastCommitted);
        await sut.Run(c => c.ThawAsync());
        sut.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(before, whileFrozen);
        Assert.True(writer.LastCommitted > before.LastCommitted);
        Assert.True((await JournalChecker.CheckAsync(sut.Disks)).IsConsistent);
    }

    [Fact]
    public async Task ThawLimit_FreezeOutlivesIt_WritesResumeStatusStaysFrozenAndThawFails()
    {
        var sut = new InProcessAgent(GuestFaults.Parse(["thaw-limit=10s"]));
        using var stop = new CancellationTokenSource();
        var writer = sut.StartJournal(stop.Token);
        sut.Advance(TimeSpan.FromSeconds(1));

        await sut.Run(c => c.FreezeAsync());
        var atFreeze = writer.LastData;
        sut.Advance(TimeSpan.FromSeconds(9));
        var beforeLimit = writer.LastData;
        sut.Advance(TimeSpan.FromSeconds(2));
        var afterLimit = writer.LastData;
        var status = await sut.Run(c => c.GetFsFreezeStatusAsync());
        var thaw = await Assert.ThrowsAsync<GuestAgentCommandException>(() => sut.Run(c => c.ThawAsync()));

        Assert.Equal(atFreeze, beforeLimit);
        Assert.True(afterLimit > atFreeze);
        Assert.Equal(FsFreezeStatus.Frozen, status);
        Assert.Equal("couldn't hold writes: fsfreeze is limited up to 10 seconds", thaw.Description);
        Assert.Equal(FsFreezeStatus.Thawed, sut.Guest.Status);
    }

    [Fact]
    public async Task ThawLimit_ThawBeforeIt_Succeeds()
    {
        var sut = new InProcessAgent(GuestFaults.Parse(["thaw-limit=10s"]));

        await sut.Run(c => c.FreezeAsync());
        sut.Advance(TimeSpan.FromSeconds(9));
        var thawed = await sut.Run(c => c.ThawAsync());
        sut.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(2, thawed);
        Assert.False(sut.Guest.WritesHeld);
    }

    [Fact]
    public async Task Writer_StartedOnTornDisks_ErasesTheTornTailAndContinuesConsistently()
    {
        var torn = new InProcessAgent();
        using (var stop = new CancellationTokenSource())
        {
            torn.StartJournal(stop.Token);
            torn.Advance(TimeSpan.FromSeconds(2));
        }

        var first = torn.Snapshot(0);
        torn.Advance(TimeSpan.FromSeconds(1));
        var restored = new[] { first, torn.Snapshot(1) };
        var before = await JournalChecker.CheckAsync(restored);
        var guest = new Guest(restored, torn.Time);
        var scheduler = new ManualTaskScheduler();
        var writer = new JournalWriter(guest, new GuestAgentSimulatorOptions(), torn.Time, scheduler.Factory);

        using var run = new CancellationTokenSource();
        _ = writer.StartAsync(run.Token);
        scheduler.RunUntilIdle();
        var resumedAfter = writer.LastCommitted;
        for (var i = 0; i < 20; i++)
        {
            torn.Time.Advance(Interval);
            scheduler.RunUntilIdle();
        }

        var after = await JournalChecker.CheckAsync(restored);
        Assert.False(before.IsConsistent);
        Assert.Equal(before.LastCommitted, resumedAfter);
        Assert.True(after.IsConsistent, string.Join("; ", after.Problems));
        Assert.Equal(before.LastCommitted + 10, after.LastCommitted);
    }

    [Fact]
    public async Task Check_EmptyDisks_IsConsistentWithNothingCommitted()
    {
        var journal = await JournalChecker.CheckAsync([new MemoryGuestDisk(1 << 20), new MemoryGuestDisk(1 << 20)]);

        Assert.True(journal.IsConsistent);
        Assert.Equal(0, journal.LastCommitted);
        Assert.Equal(0, journal.HighestSequence);
    }

    [Fact]
    public async Task Check_DisksInTheWrongOrder_ReportsThem()
    {
        var sut = new InProcessAgent();
        using var stop = new CancellationTokenSource();
        sut.StartJournal(stop.Token);
        sut.Advance(TimeSpan.FromSeconds(1));

        var journal = await JournalChecker.CheckAsync([sut.Disks[1], sut.Disks[0]]);

        Assert.False(journal.IsConsistent);
        Assert.Contains(journal.Problems, p => p.Contains("disks out of order", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Check_DiskSmallerThanTheJournal_Throws()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => JournalChecker.CheckAsync([new MemoryGuestDisk(4096)]).AsTask());

        Assert.Contains("the journal needs 131072 bytes per disk", error.Message, StringComparison.Ordinal);
    }

    [Property(MaxTest = 60)]
    public Property FrozenCutIsConsistent_ForAnyFreezeMomentAndCaptureOrder()
    {
        var cases =
            from disks in Gen.Choose(1, 4)
            from ticksBeforeFreeze in Gen.Choose(0, 120)
            from gaps in Gen.ListOf(Gen.Choose(0, 30), disks)
            select (disks, ticksBeforeFreeze, gaps: gaps.ToArray());
        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var sut = new InProcessAgent(disks: c.disks, layout: new JournalLayout(4));
            using var stop = new CancellationTokenSource();
            var writer = sut.StartJournal(stop.Token);
            sut.Advance(Interval * c.ticksBeforeFreeze);
            sut.Run(client => client.FreezeAsync()).GetAwaiter().GetResult();
            var copies = new List<MemoryGuestDisk>();
            for (var disk = 0; disk < c.disks; disk++)
            {
                sut.Advance(Interval * c.gaps[disk]);
                copies.Add(sut.Snapshot(disk));
            }

            var journal = JournalChecker.CheckAsync(copies, new JournalLayout(4)).AsTask().GetAwaiter().GetResult();
            return journal.IsConsistent && journal.LastCommitted == writer.LastCommitted;
        });
    }
}
