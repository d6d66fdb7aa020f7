using Harness.Api.KubeVirt;
using Harness.Api.Snapshots;
using Harness.Controller.Tests.World;

namespace Harness.Controller.Tests.Restores;

/// <summary>
/// §5.2 R44 and R45 (upstream "should not restore memory dump volume", [test_id:8923] and [test_id:8924], §3.4 and §3.6):
/// the online snapshot of a VM whose memory was dumped holds the dump claim, but a restore brings back only the
/// VM's disk, drops the <c>memoryDump</c> volume from the restored VM, and the VM starts with that one volume.
/// </summary>
[Collection(SecondWorldCollection.Name)]
public sealed class MemoryDumpRestoreTests(LiveWorldFixture worlds)
{
    [SkippableTheory, Worlds]
    public Task R44_MemoryDumpPresent_OnlineSnapshotRestoredToTheSameVm_OnlyTheDiskRestored(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        await OnlineSnapshotAfterMemoryDumpAsync(world);

        await world.CreateRestoreAsync("restore1", "vm1", "snap1");
        var restore = await world.WaitRestoreCompleteAsync("restore1", "vm1");

        await AssertOnlyTheDiskRestoredAsync(world, restore, "vm1");
        Assert.Null((await world.VmAsync("vm1"))!.Status!.MemoryDumpRequest);
    });

    [SkippableTheory, Worlds]
    public Task R45_MemoryDumpPresent_OnlineSnapshotRestoredToANewVm_OnlyTheDiskRestored(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        await OnlineSnapshotAfterMemoryDumpAsync(world);

        await world.CreateRestoreAsync("restore1", "vm2", "snap1");
        var restore = await world.WaitRestoreCompleteAsync("restore1", "vm2");

        await AssertOnlyTheDiskRestoredAsync(world, restore, "vm2");
        Assert.Equal(KubeVirtApi.MemoryDumpPhases.Completed, (await world.VmAsync("vm1"))!.Status!.MemoryDumpRequest!.Phase);
    });

    /// <summary>The running VM <c>vm1</c> (DataVolume template <c>dv-a</c>) dumps its memory into <c>memory-dump</c>, is snapshotted online as <c>snap1</c> and stopped.</summary>
    private static async Task OnlineSnapshotAfterMemoryDumpAsync(ControllerWorld world)
    {
        await world.CreateVmAsync(new VmDefinition("vm1") { DataVolumeTemplates = ["dv-a"] });
        await world.WaitRunningAsync("vm1");
        await world.DumpMemoryAsync("vm1", "memory-dump");
        var content = (await world.ContentOfAsync(await world.TakeSnapshotAsync("snap1", "vm1")))!;
        Assert.Equal(["dv-a", "memory-dump"], content.Spec.VolumeBackups!.Select(b => b.VolumeName).Order(StringComparer.Ordinal));
        await world.StopVmAsync("vm1");
    }

    /// <summary>
    /// Exactly one restore, the disk's, from its VolumeSnapshot; the restored VM has no <c>memoryDump</c> volume and
    /// its VMI, once started, has the one volume.
    /// </summary>
    private static async Task AssertOnlyTheDiskRestoredAsync(ControllerWorld world, VirtualMachineRestore restore, string target)
    {
        var entry = Assert.Single(restore.Status!.Restores!);
        Assert.NotEqual("memory-dump", entry.VolumeName);
        var content = (await world.ContentOfAsync((await world.SnapshotAsync("snap1"))!))!;
        var backup = Assert.Single(content.Spec.VolumeBackups!, b => b.VolumeName == entry.VolumeName);
        Assert.Equal(backup.VolumeSnapshotName, (await world.ClaimAsync(entry.PersistentVolumeClaim)).Spec.DataSource.Name);
        await world.AssertRestoredDataAsync(restore);
        Assert.DoesNotContain((await world.VmAsync(target))!.Spec.Template!.Spec!.Volumes!, v => v.MemoryDump is not null);

        await world.StartVmAsync(target);
        var volume = Assert.Single((await world.VmiAsync(target))!.Spec.Volumes!);
        Assert.NotEqual("memory-dump", volume.Name);
    }
}
