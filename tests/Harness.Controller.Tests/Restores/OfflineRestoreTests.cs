using System.Text.Json.Nodes;
using Harness.Api.KubeVirt;
using Harness.Api.Snapshots;
using Harness.Controller.Tests.World;
using k8s;
using k8s.Models;

namespace Harness.Controller.Tests.Restores;

/// <summary>§5.2 cases restoring VMs that were stopped when they were snapshotted, in both worlds.</summary>
[Collection(WorldCollection.Name)]
public sealed class OfflineRestoreTests(LiveWorldFixture worlds)
{
    [SkippableTheory, Worlds]
    public Task R2_SimpleVmMemoryRaisedAfterSnapshot_RestoresThePreviousSpec(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        await world.CreateVmAsync(new VmDefinition("vm1") { WithContainerDisk = true, RunStrategy = "Halted" });
        await world.TakeSnapshotAsync("snap1", "vm1");
        var before = (await world.VmAsync("vm1"))!.Spec;
        await world.PatchVmAsync("vm1", "{\"spec\":{\"template\":{\"spec\":{\"domain\":{\"resources\":{\"requests\":{\"memory\":\"256Mi\"}}}}}}}");

        await world.CreateRestoreAsync("restore1", "vm1", "snap1");
        var restore = await world.WaitRestoreCompleteAsync("restore1", "vm1");

        Assert.Empty(restore.Status!.Restores ?? []);
        Assert.Empty(restore.Status.DeletedDataVolumes ?? []);
        var after = (await world.VmAsync("vm1"))!;
        Assert.Equal(MemoryOf(before), MemoryOf(after.Spec));
        Assert.Equal("128Mi", MemoryOf(after.Spec));
        Assert.Null(after.Status?.RestoreInProgress);
        Assert.Equal($"restore1-{restore.Metadata.Uid}", after.Metadata.Annotations[SnapshotApi.LastRestoreUidAnnotation]);
    });

    [SkippableTheory, Worlds]
    public Task R19_VmBootingFromPvcOwnedByVm_RestoredClaimOwnedByVmWithSourceLabels(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        var vm = await world.StoppedVmWithSnapshotAsync(vmOwnsClaim: true);

        await world.CreateRestoreAsync("restore1", "vm1", "snap1");
        var restore = await world.WaitRestoreCompleteAsync("restore1", "vm1");

        var entry = Assert.Single(restore.Status!.Restores!);
        Assert.Empty(restore.Status.DeletedDataVolumes ?? []);
        Assert.NotNull(await world.ClaimAsync("disk-a"));
        var claimName = await world.ClaimOfVolumeAsync("vm1", "disk-a");
        Assert.NotEqual("disk-a", claimName);
        Assert.Equal(entry.PersistentVolumeClaim, claimName);
        var claim = await world.ClaimAsync(claimName);
        var owner = Assert.Single(claim.Metadata.OwnerReferences);
        Assert.Equal(("VirtualMachine", "vm1", vm.Metadata.Uid), (owner.Kind, owner.Name, owner.Uid));
        Assert.Equal("vm1", claim.Metadata.Labels[SnapshotApi.RestoreSourceVmNameLabel]);
        Assert.False(claim.Metadata.Annotations.ContainsKey(SnapshotApi.OwnedByVmAnnotation));
        Assert.Equal(SnapshotApi.VolumeSnapshotName((await world.SnapshotAsync("snap1"))!.Metadata.Uid, "disk-a"), claim.Spec.DataSource.Name);
        Assert.Equal(claim.Spec.DataSource.Name, claim.Spec.DataSourceRef.Name);
        await world.AssertRestoredDataAsync(restore);
    });

    [SkippableTheory, Worlds]
    public Task R1_RestoreCreatedBeforeItsSnapshot_ErrorsThenCompletesOnceTheSnapshotIsReady(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        await world.CreateBoundClaimsAsync("disk-a");
        await world.CreateVmAsync(new VmDefinition("vm1") { Claims = ["disk-a"], RunStrategy = "Halted" });

        await world.CreateRestoreAsync("restore1", "vm1", "snap1");
        await world.WaitRestoreReasonAsync("restore1", $"VMSnapshot {world.Namespace}/snap1 does not exist");
        Assert.Contains(await world.EventsAboutAsync("restore1"), e => e.Type == "Warning" && e.Reason == SnapshotApi.RestoreErrorEvent
            && e.Message == $"VirtualMachineRestore encountered error VMSnapshot {world.Namespace}/snap1 does not exist");
        await world.TakeSnapshotAsync("snap1", "vm1");

        var restore = await world.WaitRestoreCompleteAsync("restore1", "vm1");
        Assert.Single(restore.Status!.Restores!);
        await world.AssertRestoredDataAsync(restore);
    });

    [SkippableTheory, Worlds]
    public Task R4_TargetIsADifferentExistingVm_ErrorConditionsAndWarning(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        await world.CreateVmAsync(new VmDefinition("vm1") { WithContainerDisk = true, RunStrategy = "Halted" });
        await world.CreateVmAsync(new VmDefinition("vm2") { WithContainerDisk = true, RunStrategy = "Halted" });
        await world.TakeSnapshotAsync("snap1", "vm1");

        await world.CreateRestoreAsync("restore1", "vm2", "snap1");

        const string reason = "restore source and restore target are different but restore target already exists";
        var restore = await world.WaitRestoreReasonAsync("restore1", reason);
        Assert.NotEqual(true, restore.Status!.Complete);
        Assert.Contains(await world.EventsAboutAsync("restore1"), e => e.Type == "Warning" && e.Reason == SnapshotApi.RestoreErrorEvent);
        Assert.Null((await world.VmAsync("vm2"))!.Status?.RestoreInProgress);
    });

    [SkippableTheory, Worlds]
    public Task R5_NewVmWithMacPatch_CreatesTheVmStoppedOwnedAndStartable(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        await world.CreateVmAsync(new VmDefinition("vm1") { WithContainerDisk = true, RunStrategy = "Halted" });
        await world.PatchVmAsync("vm1", "{\"spec\":{\"template\":{\"spec\":{\"domain\":{\"devices\":{\"interfaces\":[{\"name\":\"default\",\"masquerade\":{},\"macAddress\":\"02-00-00-00-00-01\"}]}},\"networks\":[{\"name\":\"default\",\"pod\":{}}]}}}}");
        await world.TakeSnapshotAsync("snap1", "vm1");

        await world.CreateRestoreAsync("restore1", "vm2", "snap1", new JsonObject
        {
            ["patches"] = new JsonArray("{\"op\":\"replace\",\"path\":\"/spec/template/spec/domain/devices/interfaces/0/macAddress\",\"value\":\"DE-AD-00-00-BE-AF\"}"),
        });
        var restore = await world.WaitRestoreCompleteAsync("restore1", "vm2");

        Assert.Empty(restore.Status!.Restores ?? []);
        var source = JsonNode.Parse(KubernetesJson.Serialize(await world.VmAsync("vm1")))!;
        var created = JsonNode.Parse(KubernetesJson.Serialize(await world.VmAsync("vm2")))!;
        Assert.Equal("02-00-00-00-00-01", MacOf(source));
        Assert.Equal("DE-AD-00-00-BE-AF", MacOf(created));
        Assert.Equal("Halted", created["spec"]!["runStrategy"]!.GetValue<string>());
        Assert.Null(created["spec"]!["template"]!["spec"]!["domain"]!["firmware"]);
        await world.StartVmAsync("vm2");
    });

    [SkippableTheory, Worlds]
    public Task R20_VmBootingFromPvcOwnedByVm_NewVm_RestoredClaimOwnedByTheNewVm(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        var vm = await world.StoppedVmWithSnapshotAsync(vmOwnsClaim: true);

        await world.CreateRestoreAsync("restore1", "vm2", "snap1");
        await world.WaitRestoreCompleteAsync("restore1", "vm2");

        var created = (await world.VmAsync("vm2"))!;
        var claim = await world.ClaimAsync(await world.ClaimOfVolumeAsync("vm2", "disk-a"));
        var owner = Assert.Single(claim.Metadata.OwnerReferences);
        Assert.Equal(("vm2", created.Metadata.Uid), (owner.Name, owner.Uid));
        Assert.False(claim.Metadata.Annotations.ContainsKey(SnapshotApi.OwnedByVmAnnotation));
        Assert.Equal("disk-a", await world.ClaimOfVolumeAsync("vm1", "disk-a"));
    });

    [SkippableTheory, Worlds]
    public Task R21_VmBootingFromPvcNotOwnedByVm_NewVm_RestoredClaimHasNoOwner(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        await world.StoppedVmWithSnapshotAsync();

        await world.CreateRestoreAsync("restore1", "vm2", "snap1");
        await world.WaitRestoreCompleteAsync("restore1", "vm2");

        var claim = await world.ClaimAsync(await world.ClaimOfVolumeAsync("vm2", "disk-a"));
        Assert.Empty(claim.Metadata.OwnerReferences ?? []);
    });

    [SkippableTheory, Worlds]
    public Task R41_InPlaceStandalonePvc_SameClaimNameReplacedFromTheSnapshotAndOwnedByVm(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        var vm = await world.StoppedVmWithSnapshotAsync();
        var original = await world.ClaimAsync("disk-a");

        await world.CreateRestoreAsync("restore1", "vm1", "snap1", new JsonObject { ["volumeRestorePolicy"] = SnapshotApi.VolumeRestoreInPlace });
        var restore = await world.WaitRestoreCompleteAsync("restore1", "vm1");

        Assert.Equal("disk-a", Assert.Single(restore.Status!.Restores!).PersistentVolumeClaim);
        Assert.Equal("disk-a", await world.ClaimOfVolumeAsync("vm1", "disk-a"));
        var claim = await world.ClaimAsync("disk-a");
        Assert.NotEqual(original.Metadata.Uid, claim.Metadata.Uid);
        Assert.Equal("restore1", claim.Metadata.Annotations[SnapshotApi.RestoreNameAnnotation]);
        Assert.Equal(vm.Metadata.Uid, Assert.Single(claim.Metadata.OwnerReferences).Uid);
        await world.AssertRestoredDataAsync(restore);
    });

    [SkippableTheory, Worlds]
    public Task InPlaceOverAClaimTheVmNoLongerUses_HeldByAFinalizer_RestoreGoesOnOnceTheClaimIsGone(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        await world.StoppedVmWithSnapshotAsync();
        await world.CreateRestoreAsync("restore1", "vm1", "snap1");
        await world.WaitRestoreCompleteAsync("restore1", "vm1");
        await PatchClaimFinalizersAsync(world, "disk-a", new JsonArray("harness.io/hold"));

        await world.CreateRestoreAsync("restore2", "vm1", "snap1", new JsonObject { ["volumeRestorePolicy"] = SnapshotApi.VolumeRestoreInPlace });
        await world.WaitForAsync("original claim deleted and held", async () => await world.ClaimAsync("disk-a") is { Metadata.DeletionTimestamp: not null } c ? c : null);
        await world.DelayAsync(TimeSpan.FromSeconds(2));
        await PatchClaimFinalizersAsync(world, "disk-a", null);

        var restore = await world.WaitRestoreCompleteAsync("restore2", "vm1");
        Assert.Equal("restore2", (await world.ClaimAsync("disk-a")).Metadata.Annotations[SnapshotApi.RestoreNameAnnotation]);
        Assert.Equal("disk-a", await world.ClaimOfVolumeAsync("vm1", "disk-a"));
        await world.AssertRestoredDataAsync(restore);
    });

    [SkippableTheory, Worlds]
    public Task R42_OwnershipPolicyNone_RestoredClaimHasNoOwner(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        await world.StoppedVmWithSnapshotAsync();

        await world.CreateRestoreAsync("restore1", "vm1", "snap1", new JsonObject { ["volumeOwnershipPolicy"] = SnapshotApi.VolumeOwnershipNone });
        await world.WaitRestoreCompleteAsync("restore1", "vm1");

        var claim = await world.ClaimAsync(await world.ClaimOfVolumeAsync("vm1", "disk-a"));
        Assert.Empty(claim.Metadata.OwnerReferences ?? []);
    });

    private static Task<V1PersistentVolumeClaim> PatchClaimFinalizersAsync(ControllerWorld world, string claim, JsonArray? finalizers) =>
        world.Client.CoreV1.PatchNamespacedPersistentVolumeClaimAsync(
            new V1Patch(new JsonObject { ["metadata"] = new JsonObject { ["finalizers"] = finalizers } }.ToJsonString(), V1Patch.PatchType.MergePatch),
            claim,
            world.Namespace);

    private static string? MacOf(JsonNode vm) =>
        vm["spec"]?["template"]?["spec"]?["domain"]?["devices"]?["interfaces"]?[0]?["macAddress"]?.GetValue<string>();

    internal static string? MemoryOf(VirtualMachineSpec spec) =>
        JsonNode.Parse(KubernetesJson.Serialize(spec))?["template"]?["spec"]?["domain"]?["resources"]?["requests"]?["memory"]?.GetValue<string>();
}
