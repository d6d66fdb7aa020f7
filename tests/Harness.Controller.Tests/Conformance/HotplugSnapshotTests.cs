using Harness.Api.KubeVirt;
using Harness.Api.Snapshots;
using Harness.Controller.Tests.World;
using k8s;

namespace Harness.Controller.Tests.Conformance;

/// <summary>
/// The user's hotplug rule (section A: an online snapshot of a VM with hot-plugged disks does not lock the VM, its
/// Progressing condition says why, and it proceeds once the VM is stopped or fails at its deadline) and §5.1 S11
/// under it: the persistent hot-plugged DataVolume is captured once the VM is off.
/// </summary>
[Collection(WorldCollection.Name)]
public sealed class HotplugSnapshotTests(LiveWorldFixture worlds)
{
    [Fact]
    [Trait("DeterministicOnly", "waits for a one-minute failure deadline")]
    public void HotplugRule_OnlineSnapshotOfAVmWithAHotpluggedVolume_DoesNotLockSaysWhyAndFailsAtItsDeadline()
    {
        var world = new ControllerWorld();
        world.Run(async () =>
        {
            await RunningVmWithHotplugAsync(world, dataVolume: false);
            await world.CreateSnapshotAsync("snap1", "vm1", failureDeadline: "1m");

            var waiting = await WaitHotplugReasonAsync(world);

            Assert.Equal(SnapshotApi.PhaseInProgress, waiting.Status!.Phase);
            Assert.Null((await world.VmAsync("vm1"))!.Status!.SnapshotInProgress);
            Assert.Null(await world.ContentOfAsync(waiting));
            var failed = await world.WaitPhaseAsync("snap1", SnapshotApi.PhaseFailed);
            Assert.Contains(failed.Status!.Conditions!, c => c is { Type: SnapshotApi.ConditionFailure, Status: SnapshotApi.ConditionTrue, Reason: SnapshotApi.ReasonDeadlineExceeded });
            Assert.Empty(world.FreezeLog("vm1"));
            Assert.Empty(await world.VolumeSnapshotsAsync());
            await world.WaitUnlockedAsync("vm1");
        });
    }

    [SkippableTheory, Worlds]
    public Task S11_PersistentHotpluggedDataVolume_WaitsWhileOnlineThenCapturedOnceTheVmIsStopped(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        await RunningVmWithHotplugAsync(world, dataVolume: true);
        await world.CreateSnapshotAsync("snap1", "vm1");
        await WaitHotplugReasonAsync(world);

        await world.SetRunStrategyAsync("vm1", KubeVirtApi.RunStrategies.Halted);
        await world.WaitStoppedAsync("vm1");
        var snapshot = await world.WaitSucceededAsync("snap1");

        var vm = (await world.VmAsync("vm1"))!;
        var content = (await world.ContentOfAsync(snapshot))!;
        var captured = content.Spec.Source.VirtualMachine!.Spec.Template!.Spec!.Volumes!;
        Assert.Equal(vm.Spec.Template!.Spec!.Volumes!.Count, captured.Count);
        Assert.Contains(captured, v => v.Name == "hp" && v.DataVolume?.Name == "hp-dv");
        Assert.Equal(captured.Count, content.Spec.VolumeBackups!.Count);
        Assert.Equal(content.Spec.VolumeBackups.Count, snapshot.Status!.SnapshotVolumes!.IncludedVolumes!.Count);
        Assert.Empty(snapshot.Status.SnapshotVolumes.ExcludedVolumes ?? []);
        foreach (var backup in content.Spec.VolumeBackups)
        {
            var claim = await world.ClaimAsync(backup.PersistentVolumeClaim.Metadata.Name);
            Assert.Equal(KubernetesJson.Serialize(claim.Spec), KubernetesJson.Serialize(backup.PersistentVolumeClaim.Spec));
            var volumeSnapshot = (await world.VolumeSnapshotAsync(backup.VolumeSnapshotName!))!;
            Assert.Equal(claim.Metadata.Name, volumeSnapshot.Spec.Source!.PersistentVolumeClaimName);
            Assert.Null(volumeSnapshot.Status!.Error);
            Assert.True(volumeSnapshot.Status.ReadyToUse);
        }
    });

    /// <summary>A running VM with a guest agent on claim <c>disk-a</c>, with volume <c>hp</c> hot-plugged and persisted: claim <c>hp-claim</c>, or DataVolume <c>hp-dv</c>.</summary>
    private static async Task RunningVmWithHotplugAsync(ControllerWorld world, bool dataVolume)
    {
        await world.CreateBoundClaimsAsync("disk-a");
        if (dataVolume)
        {
            await world.CreateDataVolumeAsync("hp-dv");
            await world.WaitDataVolumeSucceededAsync("hp-dv");
        }
        else
        {
            await world.CreateBoundClaimsAsync("hp-claim");
        }

        await world.CreateVmAsync(new VmDefinition("vm1") { Claims = ["disk-a"] });
        await world.WaitRunningAsync("vm1");
        await world.HotplugAsync("vm1", "hp", dataVolume ? "hp-dv" : "hp-claim", dataVolume);
    }

    private static string HotplugReason(ControllerWorld world) =>
        $"Source not locked source {world.Namespace}/vm1 online snapshot of a VM with hot-plugged disks [hp] is not supported: power the VM off to take the snapshot";

    private static Task<VirtualMachineSnapshot> WaitHotplugReasonAsync(ControllerWorld world) =>
        world.WaitForAsync("snapshot waiting for the hot-plugged VM to stop", async () =>
            await world.SnapshotAsync("snap1") is { Status.Conditions: { } conditions } s
            && conditions.Any(c => c is { Type: SnapshotApi.ConditionProgressing, Status: SnapshotApi.ConditionFalse, Reason: var reason } && reason == HotplugReason(world))
                ? s
                : null);
}
