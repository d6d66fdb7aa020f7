using Harness.Api.KubeVirt;
using Harness.Api.Snapshots;
using Harness.Controller.Tests.World;
using k8s;

namespace Harness.Controller.Tests.Conformance;

/// <summary>§5.1 cases on stopped VMs: S1, S3, S14, in both worlds.</summary>
[Collection(WorldCollection.Name)]
public sealed class OfflineSnapshotTests(LiveWorldFixture worlds)
{
    [SkippableTheory, Worlds]
    public Task S1_StoppedSimpleVm_SucceedsWithoutIndicationsAndCapturesTheSpec(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        var vm = await world.CreateVmAsync(new VmDefinition("vm1") { WithContainerDisk = true, RunStrategy = "Halted" });
        await world.CreateSnapshotAsync("snap1", "vm1");

        var snapshot = await world.WaitSucceededAsync("snap1");

        Assert.Equal(vm.Metadata.Uid, snapshot.Status!.SourceUid);
        Assert.Null(snapshot.Status.Indications);
        Assert.Null(snapshot.Status.SourceIndications);
        Assert.NotNull(snapshot.Status.CreationTime);
        var content = await world.ContentOfAsync(snapshot);
        Assert.NotNull(content);
        Assert.Equal("snap1", content.Spec.VirtualMachineSnapshotName);
        Assert.Null(content.Spec.VolumeBackups);
        var captured = content.Spec.Source.VirtualMachine!;
        Assert.False(string.IsNullOrEmpty(captured.Metadata.Uid));
        var live = await world.VmAsync("vm1");
        Assert.Equal(KubernetesJson.Serialize(live!.Spec), KubernetesJson.Serialize(captured.Spec));
        Assert.Equal(["disk0", "cloudinit"], snapshot.Status.SnapshotVolumes!.ExcludedVolumes!);
        await world.WaitUnlockedAsync("vm1");
    });

    [SkippableTheory, Worlds]
    public Task S3_RunStrategyManualNotRunning_SucceedsAsOffline(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        await world.CreateBoundClaimsAsync("disk-a");
        await world.CreateVmAsync(new VmDefinition("vm1") { Claims = ["disk-a"], RunStrategy = KubeVirtApi.RunStrategies.Manual });
        await world.CreateSnapshotAsync("snap1", "vm1");

        var snapshot = await world.WaitSucceededAsync("snap1");

        Assert.Null(await world.VmiAsync("vm1"));
        Assert.Null(snapshot.Status!.Indications);
        Assert.Equal(SnapshotApi.PhaseSucceeded, snapshot.Status.Phase);
        Assert.Equal("disk-a", Assert.Single((await world.ContentOfAsync(snapshot))!.Spec.VolumeBackups!).VolumeName);
    });

    [SkippableTheory, Worlds]
    public Task S14_StoppedVmWithDataVolumeTemplate_SucceedsAndEachVolumeSnapshotSourcesTheDataVolumesClaim(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        await world.CreateVmAsync(new VmDefinition("vm1") { DataVolumeTemplates = ["dv-a"] });
        await world.WaitRunningAsync("vm1");
        await world.SetRunStrategyAsync("vm1", KubeVirtApi.RunStrategies.Halted);
        await world.WaitStoppedAsync("vm1");
        await world.CreateSnapshotAsync("snap1", "vm1");

        var snapshot = await world.WaitSucceededAsync("snap1");

        Assert.NotNull(snapshot.Status!.CreationTime);
        var content = (await world.ContentOfAsync(snapshot))!;
        var live = (await world.VmAsync("vm1"))!;
        Assert.Equal(KubernetesJson.Serialize(live.Spec), KubernetesJson.Serialize(content.Spec.Source.VirtualMachine!.Spec));
        Assert.Equal(live.Spec.DataVolumeTemplates!.Count, content.Spec.VolumeBackups!.Count);
        foreach (var backup in content.Spec.VolumeBackups)
        {
            var volumeSnapshot = (await world.VolumeSnapshotAsync(backup.VolumeSnapshotName!))!;
            Assert.Equal("dv-a", volumeSnapshot.Spec.Source!.PersistentVolumeClaimName);
            Assert.Equal("vm1", volumeSnapshot.Metadata.Labels[SnapshotApi.SourceVmNameLabel]);
            Assert.Null(volumeSnapshot.Status!.Error);
            Assert.True(volumeSnapshot.Status.ReadyToUse);
        }
    });
}
