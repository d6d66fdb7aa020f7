using System.Text.Json.Nodes;
using Harness.Api.KubeVirt;
using Harness.Api.Snapshots;
using Harness.Controller.Tests.World;
using k8s;
using k8s.Models;

namespace Harness.Controller.Tests.Restores;

/// <summary>§5.2 cases restoring snapshots taken while the VM ran (the captured VM is the revision the VMI started from).</summary>
[Collection(SecondWorldCollection.Name)]
public sealed class OnlineSnapshotRestoreTests(LiveWorldFixture worlds)
{
    private static readonly string[] Disks = ["disk-a", "disk-b"];

    [SkippableTheory, Worlds]
    public Task R28_OnlineSnapshot_RestoreInPlaceCreatedWhileRunning_WarnsThenCompletesOnceStopped(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        await OnlineSnapshotAsync(world, new VmDefinition("vm1") { Claims = ["disk-a"] });

        await world.CreateRestoreAsync("restore1", "vm1", "snap1");
        await world.WaitRestoreReasonAsync("restore1", "Waiting for target VM to be powered off. Please stop the restore target to proceed with restore, or the operation will fail after 5m0s");
        Assert.Contains(await world.EventsAboutAsync("restore1"), e => e.Type == "Warning" && e.Reason == SnapshotApi.RestoreTargetNotReadyEvent);
        await world.SetRunStrategyAsync("vm1", "Halted");
        var restore = await world.WaitRestoreCompleteAsync("restore1", "vm1");

        Assert.Single(restore.Status!.Restores!);
        await world.AssertRestoredDataAsync(restore);
        Assert.Single(await RestoresAsync(world));
    });

    [SkippableTheory, Worlds]
    public Task R29_OnlineSnapshot_NewVmWithMacAndFirmwarePatches_StructurallyEqualAndDataRestored(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        await world.CreateBoundClaimsAsync("disk-a");
        await world.CreateVmAsync(new VmDefinition("vm1") { Claims = ["disk-a"], RunStrategy = "Halted" });
        await world.PatchVmAsync("vm1", """{"spec":{"template":{"spec":{"domain":{"firmware":{"uuid":"5d307ca9-b3ef-428c-8861-06e72d69f223"},"devices":{"interfaces":[{"name":"default","masquerade":{},"macAddress":"02-00-00-00-00-01"}]}},"networks":[{"name":"default","pod":{}}]}}}}""");
        await world.StartVmAsync("vm1");
        await world.CreateSnapshotAsync("snap1", "vm1");
        Assert.Contains(SnapshotApi.IndicationOnline, (await world.WaitSucceededAsync("snap1")).Status!.Indications!);

        await world.CreateRestoreAsync("restore1", "vm2", "snap1", new JsonObject
        {
            ["patches"] = new JsonArray(
                """{"op":"replace","path":"/spec/template/spec/domain/devices/interfaces/0/macAddress","value":""}""",
                """{"op":"replace","path":"/spec/template/spec/domain/firmware/uuid","value":""}"""),
        });
        var restore = await world.WaitRestoreCompleteAsync("restore1", "vm2");

        await world.AssertRestoredDataAsync(restore);
        var source = Template(await world.VmAsync("vm1"));
        var created = Template(await world.VmAsync("vm2"));
        Assert.Equal("", created["domain"]!["devices"]!["interfaces"]![0]!["macAddress"]!.GetValue<string>());
        Assert.Equal("", created["domain"]!["firmware"]!["uuid"]!.GetValue<string>());
        foreach (var template in new[] { source, created })
        {
            template["domain"]!["devices"]!["interfaces"]![0]!.AsObject().Remove("macAddress");
            template["domain"]!["firmware"]!.AsObject().Remove("uuid");
            template.AsObject().Remove("volumes");
        }

        Assert.True(JsonNode.DeepEquals(source, created), $"source {source.ToJsonString()}\nrestored {created.ToJsonString()}");
    });

    [SkippableTheory, Worlds]
    public Task R31_OnlineSnapshotWithGuestAgent_NewVm_DataAndJournalRestored(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        var snapshot = await OnlineSnapshotAsync(world, new VmDefinition("vm1") { Claims = Disks });
        Assert.Contains(SnapshotApi.IndicationGuestAgent, snapshot.Status!.Indications!);

        await world.CreateRestoreAsync("restore1", "vm2", "snap1");
        var restore = await world.WaitRestoreCompleteAsync("restore1", "vm2");

        Assert.Equal(2, restore.Status!.Restores!.Count);
        await world.AssertRestoredDataAsync(restore);
        var journal = await world.RestoredJournalAsync(restore, Disks);
        Assert.True(journal.IsConsistent, string.Join("; ", journal.Problems));
        Assert.Equal(["Always", "Halted"], [(await world.VmAsync("vm1"))!.Spec.RunStrategy!, (await world.VmAsync("vm2"))!.Spec.RunStrategy!]);
    });

    [SkippableTheory, Worlds]
    public Task R32_OnlineSnapshotOfDataVolumeTemplate_SameVm_RestoredClaimAdoptedAndOldDataVolumeDeleted(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        await OnlineSnapshotAsync(world, new VmDefinition("vm1") { DataVolumeTemplates = ["dv-a"] });
        await world.StopVmAsync("vm1");

        await world.CreateRestoreAsync("restore1", "vm1", "snap1");
        var restore = await world.WaitRestoreCompleteAsync("restore1", "vm1");

        var entry = Assert.Single(restore.Status!.Restores!);
        Assert.Equal(["dv-a"], restore.Status.DeletedDataVolumes!);
        var vm = (await world.VmAsync("vm1"))!;
        Assert.Equal(entry.DataVolumeName, Assert.Single(vm.Spec.DataVolumeTemplates!).Metadata!.Name);
        await world.AssertRestoredDataAsync(restore);
    });

    [SkippableTheory, Worlds]
    public Task R33_OnlineSnapshotOfDataVolumeTemplate_NewVm_NothingDeletedAndTheShapeKept(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        await OnlineSnapshotAsync(world, new VmDefinition("vm1") { DataVolumeTemplates = ["dv-a"] });

        await world.CreateRestoreAsync("restore1", "vm2", "snap1");
        var restore = await world.WaitRestoreCompleteAsync("restore1", "vm2");

        Assert.Empty(restore.Status!.DeletedDataVolumes ?? []);
        await world.AssertShapedLikeAsync("vm1", "vm2");
        await world.AssertRestoredDataAsync(restore);
    });

    [SkippableTheory, Worlds]
    public Task R34_MemoryRaisedAfterStart_OnlineSnapshotRestored_VmStartsWithTheOriginalMemory(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        await world.CreateBoundClaimsAsync("disk-a");
        await world.CreateVmAsync(new VmDefinition("vm1") { Claims = ["disk-a"], Memory = "128Mi" });
        await world.WaitRunningAsync("vm1");
        await world.PatchVmAsync("vm1", """{"spec":{"template":{"spec":{"domain":{"resources":{"requests":{"memory":"256Mi"}}}}}}}""");
        await world.TakeSnapshotAsync("snap1", "vm1");
        await RestartAsync(world, "vm1");
        Assert.Equal("256Mi", MemoryOf(await world.VmiAsync("vm1")));
        await world.StopVmAsync("vm1");

        await world.CreateRestoreAsync("restore1", "vm1", "snap1");
        await world.WaitRestoreCompleteAsync("restore1", "vm1");
        await world.StartVmAsync("vm1");

        Assert.Equal("128Mi", MemoryOf(await world.VmiAsync("vm1")));
    });

    [SkippableTheory, Worlds]
    public Task R43_RerunOnFailureVm_OnlineSnapshotRestoredInPlace_KeepsItsRunStrategy(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        await OnlineSnapshotAsync(world, new VmDefinition("vm1") { Claims = ["disk-a"], RunStrategy = "RerunOnFailure" });
        await world.SubresourceAsync(KubeVirtApi.VirtualMachinePlural, "vm1", "stop");
        await world.WaitStoppedAsync("vm1");

        await world.CreateRestoreAsync("restore1", "vm1", "snap1");
        await world.WaitRestoreCompleteAsync("restore1", "vm1");

        Assert.Equal("RerunOnFailure", (await world.VmAsync("vm1"))!.Spec.RunStrategy);
    });

    /// <summary>Creates the VM's claims and the VM, waits for it to run, and takes <c>snap1</c> of it online.</summary>
    private static async Task<VirtualMachineSnapshot> OnlineSnapshotAsync(ControllerWorld world, VmDefinition vm)
    {
        await world.CreateBoundClaimsAsync([.. vm.Claims]);
        await world.CreateVmAsync(vm);
        await world.WaitRunningAsync(vm.Name);
        var snapshot = await world.TakeSnapshotAsync("snap1", vm.Name);
        Assert.Contains(SnapshotApi.IndicationOnline, snapshot.Status!.Indications!);
        return snapshot;
    }

    private static async Task RestartAsync(ControllerWorld world, string vm)
    {
        var before = (await world.VmiAsync(vm))!.Metadata.Uid;
        Assert.Equal(202, await world.SubresourceAsync(KubeVirtApi.VirtualMachinePlural, vm, "restart"));
        await world.WaitForAsync($"{vm} restarted", async () => await world.VmiAsync(vm) is { Status.Phase: "Running" } vmi && vmi.Metadata.Uid != before ? vmi : null);
    }

    private static JsonNode Template(VirtualMachine? vm) => JsonNode.Parse(KubernetesJson.Serialize(vm!.Spec.Template!.Spec))!;

    private static string? MemoryOf(VirtualMachineInstance? vmi) =>
        JsonNode.Parse(KubernetesJson.Serialize(vmi!.Spec))?["domain"]?["resources"]?["requests"]?["memory"]?.GetValue<string>();

    private static async Task<IList<JsonNode?>> RestoresAsync(ControllerWorld world) =>
        JsonNode.Parse(KubernetesJson.Serialize(await world.Client.CustomObjects.ListNamespacedCustomObjectAsync(
            SnapshotApi.Group, SnapshotApi.StorageVersion, world.Namespace, SnapshotApi.RestorePlural)))!["items"]!.AsArray();
}
