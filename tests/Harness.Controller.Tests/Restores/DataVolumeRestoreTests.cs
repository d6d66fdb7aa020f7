using System.Text.Json.Nodes;
using Harness.Api.Cdi;
using Harness.Api.Snapshots;
using Harness.Controller.Tests.World;
using k8s;

namespace Harness.Controller.Tests.Restores;

/// <summary>§5.2 cases of VMs whose disks are DataVolumes, from templates or standalone (§3.5).</summary>
[Collection(SecondWorldCollection.Name)]
public sealed class DataVolumeRestoreTests(LiveWorldFixture worlds)
{
    [SkippableTheory, Worlds]
    public Task R15_DataVolumeTemplate_SameVm_NewDataVolumeAdoptsTheRestoredClaimAndTheOldOneIsDeleted(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        await TemplatedVmWithSnapshotAsync(world, withContainerDisk: false);

        await world.CreateRestoreAsync("restore1", "vm1", "snap1");
        var restore = await world.WaitRestoreCompleteAsync("restore1", "vm1");

        var entry = Assert.Single(restore.Status!.Restores!);
        Assert.Equal(["dv-a"], restore.Status.DeletedDataVolumes!);
        Assert.Null(await DataVolumeAsync(world, "dv-a"));
        Assert.Equal(entry.PersistentVolumeClaim, entry.DataVolumeName);
        var vm = (await world.VmAsync("vm1"))!;
        Assert.Equal(entry.DataVolumeName, Assert.Single(vm.Spec.DataVolumeTemplates!).Metadata!.Name);
        Assert.Equal(entry.DataVolumeName, vm.Spec.Template!.Spec!.Volumes!.Single(v => v.Name == "dv-a").DataVolume!.Name);
        var dataVolume = await world.WaitForAsync("restored DataVolume Succeeded", async () => await DataVolumeAsync(world, entry.DataVolumeName!) is { Status.Phase: CdiApi.Phases.Succeeded } dv ? dv : null);
        Assert.Equal("restore1", dataVolume.Metadata.Annotations[SnapshotApi.RestoreNameAnnotation]);
        var claim = await world.ClaimAsync(entry.PersistentVolumeClaim);
        Assert.Equal(entry.DataVolumeName, claim.Metadata.Annotations[SnapshotApi.PopulatedForAnnotation]);
        await world.AssertRestoredDataAsync(restore);
    });

    [SkippableTheory, Worlds]
    public Task R16_DataVolumeTemplate_NewVm_NothingDeletedAndTheShapeKept(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        await TemplatedVmWithSnapshotAsync(world, withContainerDisk: false);

        await world.CreateRestoreAsync("restore1", "vm2", "snap1");
        var restore = await world.WaitRestoreCompleteAsync("restore1", "vm2");

        Assert.Empty(restore.Status!.DeletedDataVolumes ?? []);
        Assert.NotNull(await DataVolumeAsync(world, "dv-a"));
        await world.AssertShapedLikeAsync("vm1", "vm2");
        await world.AssertRestoredDataAsync(restore);
    });

    [SkippableTheory, Worlds]
    public Task R17_StandaloneDataVolume_SameVm_BecomesAClaimVolumeAndTheOriginalStays(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        var vm = await world.StoppedVmOnDataVolumeWithSnapshotAsync();

        await world.CreateRestoreAsync("restore1", "vm1", "snap1");
        var restore = await world.WaitRestoreCompleteAsync("restore1", "vm1");

        var entry = Assert.Single(restore.Status!.Restores!);
        Assert.Empty(restore.Status.DeletedDataVolumes ?? []);
        Assert.NotNull(await DataVolumeAsync(world, "dv-a"));
        Assert.NotNull(await world.ClaimAsync("dv-a"));
        var volume = (await world.VmAsync("vm1"))!.Spec.Template!.Spec!.Volumes!.Single(v => v.Name == "dv-a");
        Assert.Null(volume.DataVolume);
        Assert.Equal(entry.PersistentVolumeClaim, volume.PersistentVolumeClaim!.ClaimName);
        Assert.NotEqual("dv-a", entry.PersistentVolumeClaim);
        Assert.Equal(vm.Metadata.Uid, Assert.Single((await world.ClaimAsync(entry.PersistentVolumeClaim)).Metadata.OwnerReferences).Uid);
        await world.AssertRestoredDataAsync(restore);
    });

    [SkippableTheory, Worlds]
    public Task R18_StandaloneDataVolume_NewVm_BecomesAClaimVolumeAndTheOriginalStays(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        await world.StoppedVmOnDataVolumeWithSnapshotAsync();

        await world.CreateRestoreAsync("restore1", "vm2", "snap1");
        var restore = await world.WaitRestoreCompleteAsync("restore1", "vm2");

        var entry = Assert.Single(restore.Status!.Restores!);
        Assert.Empty(restore.Status.DeletedDataVolumes ?? []);
        Assert.NotNull(await DataVolumeAsync(world, "dv-a"));
        Assert.Equal("dv-a", (await world.VmAsync("vm1"))!.Spec.Template!.Spec!.Volumes!.Single(v => v.Name == "dv-a").DataVolume!.Name);
        var volume = (await world.VmAsync("vm2"))!.Spec.Template!.Spec!.Volumes!.Single(v => v.Name == "dv-a");
        Assert.Null(volume.DataVolume);
        Assert.Equal(entry.PersistentVolumeClaim, volume.PersistentVolumeClaim!.ClaimName);
        await world.AssertRestoredDataAsync(restore);
    });

    [SkippableTheory, Worlds]
    public Task R22_ContainerDiskWithBlankDataVolumeTemplate_SameVm_DataRestoredAndBlankDeleted(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        await TemplatedVmWithSnapshotAsync(world, withContainerDisk: true);

        await world.CreateRestoreAsync("restore1", "vm1", "snap1");
        var restore = await world.WaitRestoreCompleteAsync("restore1", "vm1");

        Assert.Equal(["dv-a"], restore.Status!.DeletedDataVolumes!);
        Assert.Null(await DataVolumeAsync(world, "dv-a"));
        await world.AssertRestoredDataAsync(restore);
    });

    [SkippableTheory, Worlds]
    public Task R23_ContainerDiskWithBlankDataVolumeTemplate_NewVm_NothingDeleted(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        await TemplatedVmWithSnapshotAsync(world, withContainerDisk: true);

        await world.CreateRestoreAsync("restore1", "vm2", "snap1");
        var restore = await world.WaitRestoreCompleteAsync("restore1", "vm2");

        Assert.Empty(restore.Status!.DeletedDataVolumes ?? []);
        Assert.NotNull(await DataVolumeAsync(world, "dv-a"));
        await world.AssertRestoredDataAsync(restore);
    });

    [SkippableTheory, Worlds]
    public Task R39_InPlaceDataVolumeTemplate_SameNamesClaimReplacedAndDataVolumePrepopulated(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        await TemplatedVmWithSnapshotAsync(world, withContainerDisk: false);
        var original = await world.ClaimAsync("dv-a");

        await world.CreateRestoreAsync("restore1", "vm1", "snap1", new JsonObject
        {
            ["volumeRestorePolicy"] = SnapshotApi.VolumeRestoreInPlace,
            ["volumeRestoreOverrides"] = new JsonArray(new JsonObject { ["volumeName"] = "dv-a", ["annotations"] = new JsonObject { ["restore"] = "annotation" } }),
        });
        var restore = await world.WaitRestoreCompleteAsync("restore1", "vm1");

        var entry = Assert.Single(restore.Status!.Restores!);
        Assert.Equal(("dv-a", "dv-a"), (entry.PersistentVolumeClaim, entry.DataVolumeName));
        Assert.Empty(restore.Status.DeletedDataVolumes ?? []);
        Assert.Equal("dv-a", (await world.VmAsync("vm1"))!.Spec.Template!.Spec!.Volumes!.Single(v => v.Name == "dv-a").DataVolume!.Name);
        var claim = await world.ClaimAsync("dv-a");
        Assert.NotEqual(original.Metadata.Uid, claim.Metadata.Uid);
        Assert.Equal("annotation", claim.Metadata.Annotations["restore"]);
        var dataVolume = (await DataVolumeAsync(world, "dv-a"))!;
        Assert.Equal("restore1", dataVolume.Metadata.Annotations[SnapshotApi.RestoreNameAnnotation]);
        Assert.Equal("dv-a", dataVolume.Metadata.Annotations[SnapshotApi.PrePopulatedAnnotation]);
        await world.AssertRestoredDataAsync(restore);
    });

    [SkippableTheory, Worlds]
    public Task R40_InPlaceStandaloneDataVolume_ClaimVolumeWithTheDataVolumeName(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        await world.StoppedVmOnDataVolumeWithSnapshotAsync();

        await world.CreateRestoreAsync("restore1", "vm1", "snap1", new JsonObject { ["volumeRestorePolicy"] = SnapshotApi.VolumeRestoreInPlace });
        var restore = await world.WaitRestoreCompleteAsync("restore1", "vm1");

        Assert.Single(restore.Status!.Restores!);
        Assert.Empty(restore.Status.DeletedDataVolumes ?? []);
        var volume = (await world.VmAsync("vm1"))!.Spec.Template!.Spec!.Volumes!.Single(v => v.Name == "dv-a");
        Assert.Equal("dv-a", volume.PersistentVolumeClaim!.ClaimName);
        var claim = await world.ClaimAsync("dv-a");
        Assert.Equal("restore1", claim.Metadata.Annotations[SnapshotApi.RestoreNameAnnotation]);
        Assert.Equal(("DataVolume", "dv-a"), (Assert.Single(claim.Metadata.OwnerReferences).Kind, claim.Metadata.OwnerReferences[0].Name));
        var dataVolume = (await DataVolumeAsync(world, "dv-a"))!;
        Assert.Equal("restore1", dataVolume.Metadata.Annotations[SnapshotApi.RestoreNameAnnotation]);
        Assert.True(dataVolume.Metadata.Annotations.ContainsKey(SnapshotApi.PrePopulatedAnnotation));
        await world.AssertRestoredDataAsync(restore);
    });

    /// <summary>A stopped VM whose disk <c>dv-a</c> comes from a blank DataVolume template, written once and snapshotted.</summary>
    private static async Task TemplatedVmWithSnapshotAsync(ControllerWorld world, bool withContainerDisk)
    {
        await world.CreateVmAsync(new VmDefinition("vm1") { DataVolumeTemplates = ["dv-a"], WithContainerDisk = withContainerDisk });
        await world.WaitRunningAsync("vm1");
        await world.StopVmAsync("vm1");
        await world.TakeSnapshotAsync("snap1", "vm1");
    }

    private static async Task<DataVolume?> DataVolumeAsync(ControllerWorld world, string name)
    {
        try
        {
            return KubernetesJson.Deserialize<DataVolume>(KubernetesJson.Serialize(
                await world.Client.CustomObjects.GetNamespacedCustomObjectAsync(CdiApi.Group, CdiApi.Version, world.Namespace, CdiApi.DataVolumePlural, name)));
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
