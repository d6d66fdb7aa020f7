using Harness.Api.KubeVirt;
using Harness.Api.Snapshots;
using Harness.Controller.Tests.World;

namespace Harness.Controller.Tests.Conformance;

/// <summary>
/// §5.1 S13 (upstream "[test_id:8922]should include memory dump in vm snapshot", §2.11): the claim a running VM's memory
/// was dumped into stays in the VM as a <c>memoryDump</c> volume and is snapshotted like any claim.
/// </summary>
[Collection(WorldCollection.Name)]
public sealed class MemoryDumpSnapshotTests(LiveWorldFixture worlds)
{
    [SkippableTheory, Worlds]
    public Task S13_RunningVmAfterMemoryDump_SnapshotIncludesTheMemoryDumpVolume(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        await world.CreateBoundClaimsAsync("disk-a");
        await world.CreateVmAsync(new VmDefinition("vm1") { Claims = ["disk-a"] });
        await world.WaitRunningAsync("vm1");
        var dumped = await world.DumpMemoryAsync("vm1", "memory-dump");
        var request = dumped.Status!.MemoryDumpRequest!;
        Assert.Matches(@"^vm1-memory-dump-\d{8}-\d{6}\.memory\.dump$", request.FileName);
        Assert.Equal(request.FileName, (await world.ClaimAsync("memory-dump")).Metadata.Annotations[KubeVirtApi.MemoryDumpAnnotation]);
        Assert.DoesNotContain((await world.VmiAsync("vm1"))!.Spec.Volumes!, v => v.Name == "memory-dump");

        var snapshot = await world.TakeSnapshotAsync("snap1", "vm1");

        Assert.Contains(SnapshotApi.IndicationOnline, snapshot.Status!.Indications!);
        var vm = (await world.VmAsync("vm1"))!;
        Assert.NotNull(vm.Status!.MemoryDumpRequest);
        var volumes = vm.Spec.Template!.Spec!.Volumes!;
        var content = (await world.ContentOfAsync(snapshot))!;
        var captured = content.Spec.Source.VirtualMachine!.Spec.Template!.Spec!.Volumes!;
        Assert.Equal(volumes.Count, captured.Count);
        Assert.Contains(captured, v => v.Name == "memory-dump" && v.MemoryDump?.ClaimName == "memory-dump");
        Assert.Equal(volumes.Count, content.Spec.VolumeBackups!.Count);
        var backup = Assert.Single(content.Spec.VolumeBackups, b => b.PersistentVolumeClaim.Metadata.Name == "memory-dump");
        Assert.Equal("memory-dump", backup.VolumeName);
        var claim = await world.ClaimAsync("memory-dump");
        Assert.Equal(k8s.KubernetesJson.Serialize(claim.Spec), k8s.KubernetesJson.Serialize(backup.PersistentVolumeClaim.Spec));
        var volumeSnapshot = (await world.VolumeSnapshotAsync(backup.VolumeSnapshotName!))!;
        Assert.Equal("memory-dump", volumeSnapshot.Spec.Source!.PersistentVolumeClaimName);
        Assert.Null(volumeSnapshot.Status!.Error);
        Assert.True(volumeSnapshot.Status.ReadyToUse);

        await world.CreateClaimAsync("dump-restored", "256Mi", fromSnapshot: volumeSnapshot.Metadata.Name, volumeMode: "Filesystem");
        var (fileName, guest) = await world.MemoryDumpInAsync((await world.BoundVolumeAsync("dump-restored")).Spec.Csi.VolumeHandle);
        Assert.Equal(request.FileName, fileName);
        Assert.Contains($"uid={(await world.VmiAsync("vm1"))!.Metadata.Uid}", guest, StringComparison.Ordinal);
    });
}
