using Harness.Api.Snapshots;
using Harness.Controller.Tests.World;

namespace Harness.Controller.Tests.Restores;

/// <summary>§5.2 cases restoring into a running VM, and restoring snapshots taken while the VM ran, in both worlds.</summary>
[Collection(SecondWorldCollection.Name)]
public sealed class OnlineRestoreTests(LiveWorldFixture worlds)
{
    private static readonly string[] Disks = ["disk-a", "disk-b"];

    [SkippableTheory, Worlds]
    public Task R30_OnlineSnapshotWithGuestAgent_SameVm_DataAndJournalRestored(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        await world.CreateBoundClaimsAsync(Disks);
        await world.CreateVmAsync(new VmDefinition("vm1") { Claims = Disks });
        await world.WaitRunningAsync("vm1");
        var snapshot = await world.TakeSnapshotAsync("snap1", "vm1");
        Assert.Contains(SnapshotApi.IndicationGuestAgent, snapshot.Status!.Indications!);
        await world.StopVmAsync("vm1");

        await world.CreateRestoreAsync("restore1", "vm1", "snap1");
        var restore = await world.WaitRestoreCompleteAsync("restore1", "vm1");

        Assert.Equal(2, restore.Status!.Restores!.Count);
        await world.AssertRestoredDataAsync(restore);
        var journal = await world.RestoredJournalAsync(restore, Disks);
        Assert.True(journal.IsConsistent, string.Join("; ", journal.Problems));
    });

    [SkippableTheory, Worlds]
    public Task R11_RestoreWhileTargetRuns_WarnsUntilUserStopsThenCompletes(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        await world.RunningVmWithSnapshotAsync();

        await world.CreateRestoreAsync("restore1", "vm1", "snap1");
        await world.WaitRestoreReasonAsync("restore1", "Waiting for target VM to be powered off. Please stop the restore target to proceed with restore, or the operation will fail after 5m0s");
        var events = await world.EventsAboutAsync("restore1");
        Assert.Contains(events, e => e.Type == "Warning" && e.Reason == SnapshotApi.RestoreTargetNotReadyEvent && e.Message == "Restore target VMI still exists, please stop the restore target to proceed with restore");
        Assert.Null((await world.VmAsync("vm1"))!.Status?.RestoreInProgress);
        await world.SetRunStrategyAsync("vm1", "Halted");

        var restore = await world.WaitRestoreCompleteAsync("restore1", "vm1");
        Assert.Single(restore.Status!.Restores!);
        await world.AssertRestoredDataAsync(restore);
    });
}
