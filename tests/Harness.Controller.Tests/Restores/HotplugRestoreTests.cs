using Harness.Api.Snapshots;
using Harness.Controller.Tests.World;

namespace Harness.Controller.Tests.Restores;

/// <summary>
/// §5.2 R36 and R37 (upstream "should restore vm with hot plug disks") under the user's hotplug rule (section A): the
/// snapshot of the running VM with a persistent and a temporary hot-plugged disk waits until the VM is stopped, then
/// captures the boot disk and the persistent hot-plugged DataVolume; the restore brings back both, and the VM started
/// from the restored spec has exactly those two volumes, the temporary one gone with the VMI it was plugged into.
/// </summary>
[Collection(SecondWorldCollection.Name)]
public sealed class HotplugRestoreTests(LiveWorldFixture worlds)
{
    [SkippableTheory, Worlds]
    public Task R36_PersistentHotpluggedDisk_SameVm_TwoRestoresAndTheRestartedVmiHasTheHotpluggedVolume(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        await SnapshotOfVmWithHotplugsAsync(world);

        await world.CreateRestoreAsync("restore1", "vm1", "snap1");
        var restore = await world.WaitRestoreCompleteAsync("restore1", "vm1");

        AssertBootDiskAndHotplugRestored(restore);
        Assert.Equal(["dv-a"], restore.Status!.DeletedDataVolumes!);
        var hotplugged = restore.Status.Restores!.Single(r => r.VolumeName == "hp");
        var volume = (await world.VmAsync("vm1"))!.Spec.Template!.Spec!.Volumes!.Single(v => v.Name == "hp");
        Assert.Null(volume.DataVolume);
        Assert.Equal(hotplugged.PersistentVolumeClaim, volume.PersistentVolumeClaim!.ClaimName);
        Assert.NotNull(await world.ClaimAsync("hp-dv"));
        await world.AssertRestoredDataAsync(restore);
        await AssertStartsWithBootDiskAndHotplugAsync(world, "vm1");
    });

    [SkippableTheory, Worlds]
    public Task R37_PersistentHotpluggedDisk_NewVm_TwoRestoresAndTheNewVmiHasTheHotpluggedVolume(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        await SnapshotOfVmWithHotplugsAsync(world);

        await world.CreateRestoreAsync("restore1", "vm2", "snap1");
        var restore = await world.WaitRestoreCompleteAsync("restore1", "vm2");

        AssertBootDiskAndHotplugRestored(restore);
        Assert.Empty(restore.Status!.DeletedDataVolumes ?? []);
        await world.AssertShapedLikeAsync("vm1", "vm2");
        Assert.Equal("hp-dv", await world.ClaimOfVolumeAsync("vm1", "hp"));
        await world.AssertRestoredDataAsync(restore);
        await AssertStartsWithBootDiskAndHotplugAsync(world, "vm2");
    });

    /// <summary>
    /// A running VM <c>vm1</c> booting from the DataVolume template <c>dv-a</c>, with DataVolume <c>hp-dv</c> hot-plugged
    /// and persisted as volume <c>hp</c> and claim <c>tmp-claim</c> hot-plugged into the VMI only as <c>tmp</c>; its
    /// snapshot <c>snap1</c> waits on the hotplug rule until the VM is stopped, then succeeds.
    /// </summary>
    private static async Task SnapshotOfVmWithHotplugsAsync(ControllerWorld world)
    {
        await world.CreateDataVolumeAsync("hp-dv");
        await world.WaitDataVolumeSucceededAsync("hp-dv");
        await world.CreateBoundClaimsAsync("tmp-claim");
        await world.CreateVmAsync(new VmDefinition("vm1") { DataVolumeTemplates = ["dv-a"] });
        await world.WaitRunningAsync("vm1");
        await world.HotplugAsync("vm1", "hp", "hp-dv", dataVolume: true);
        await world.HotplugAsync("vm1", "tmp", "tmp-claim", persist: false);

        await world.CreateSnapshotAsync("snap1", "vm1");
        await world.WaitForAsync("snapshot held by the hotplug rule", async () =>
            await world.SnapshotAsync("snap1") is { Status.Conditions: { } conditions } s
            && conditions.Any(c => c is { Type: SnapshotApi.ConditionProgressing, Status: SnapshotApi.ConditionFalse } && c.Reason!.Contains("hot-plugged disks [hp tmp]", StringComparison.Ordinal))
                ? s
                : null);
        await world.StopVmAsync("vm1");
        var snapshot = await world.WaitSucceededAsync("snap1");

        var content = (await world.ContentOfAsync(snapshot))!;
        Assert.Equal(["dv-a", "hp"], content.Spec.VolumeBackups!.Select(b => b.VolumeName).Order(StringComparer.Ordinal));
    }

    private static void AssertBootDiskAndHotplugRestored(VirtualMachineRestore restore) =>
        Assert.Equal(["dv-a", "hp"], restore.Status!.Restores!.Select(r => r.VolumeName).Order(StringComparer.Ordinal));

    /// <summary>Starts the VM and checks that its VMI has exactly the boot disk and the persistent hot-plugged volume.</summary>
    private static async Task AssertStartsWithBootDiskAndHotplugAsync(ControllerWorld world, string vm)
    {
        await world.StartVmAsync(vm);
        var vmi = (await world.VmiAsync(vm))!;
        Assert.Equal(["dv-a", "hp"], vmi.Spec.Volumes!.Select(v => v.Name).Order(StringComparer.Ordinal));
    }
}
