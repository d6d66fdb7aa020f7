using Harness.Api.KubeVirt;
using Harness.Controller.Tests.World;

namespace Harness.Controller.Tests.Conformance;

/// <summary>§5.1 S4, S16, S21, S22 (§2.10): <c>vm.status.volumeSnapshotStatuses</c>, one entry per volume, in spec order.</summary>
[Collection(WorldCollection.Name)]
public sealed class VolumeSnapshotStatusTests(LiveWorldFixture worlds)
{
    [SkippableTheory, Worlds]
    public Task S4_RunningSimpleVm_ListsExactlyTheContainerDiskAndTheCloudInitDisk(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        await world.CreateVmAsync(new VmDefinition("vm1") { WithContainerDisk = true, GuestAgent = false });
        await world.WaitVmiRunningAsync("vm1");

        var vm = await world.WaitVolumeSnapshotStatusesAsync("vm1", ("disk0", false), ("cloudinit", false));

        Assert.Equal(
            ["Snapshot is not supported for this volumeSource type [disk0]", "Snapshot is not supported for this volumeSource type [cloudinit]"],
            vm.Status!.VolumeSnapshotStatuses!.Select(s => s.Reason));
    });

    [SkippableTheory, Worlds]
    public Task S16_VmWithOneDataVolume_OneEnabledEntryPerVolume(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        await world.CreateVmAsync(new VmDefinition("vm1") { DataVolumeTemplates = ["dv-a"], RunStrategy = KubeVirtApi.RunStrategies.Halted });

        var vm = await world.WaitVolumeSnapshotStatusesAsync("vm1", ("dv-a", true));

        Assert.Null(Assert.Single(vm.Status!.VolumeSnapshotStatuses!).Reason);
    });

    [SkippableTheory, Worlds]
    public Task S21_DataVolumeNotYetCreated_DisabledThenEnabledOnceItExists(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        await world.CreateVmAsync(new VmDefinition("vm1") { DataVolumes = ["dv-late"], RunStrategy = KubeVirtApi.RunStrategies.Halted });
        var before = await world.WaitVolumeSnapshotStatusesAsync("vm1", ("dv-late", false));
        Assert.Equal("PVC not found", Assert.Single(before.Status!.VolumeSnapshotStatuses!).Reason);

        await world.CreateDataVolumeAsync("dv-late");

        await world.WaitVolumeSnapshotStatusesAsync("vm1", ("dv-late", true));
    });

    [SkippableTheory, Worlds]
    public Task S22_ClaimCreatedLaterByADataVolume_DisabledThenEnabled(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        await world.CreateVmAsync(new VmDefinition("vm1") { Claims = ["dv-late"], RunStrategy = KubeVirtApi.RunStrategies.Halted });
        var before = await world.WaitVolumeSnapshotStatusesAsync("vm1", ("dv-late", false));
        Assert.Equal("PVC not found", Assert.Single(before.Status!.VolumeSnapshotStatuses!).Reason);

        await world.CreateDataVolumeAsync("dv-late");

        await world.WaitVolumeSnapshotStatusesAsync("vm1", ("dv-late", true));
    });
}
