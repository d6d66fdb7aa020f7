using System.Text.Json.Nodes;
using Harness.Api.Clones;
using Harness.Api.Snapshots;
using Harness.Controller.Tests.World;

namespace Harness.Controller.Tests.Restores;

/// <summary>§5.2 R35: a VM cloned through a VirtualMachineClone (KubeVirt's clone controller: snapshot, restore to the new VM, clean-up), then snapshotted and restored itself.</summary>
[Collection(SecondWorldCollection.Name)]
public sealed class VirtualMachineCloneRestoreTests(LiveWorldFixture worlds)
{
    [SkippableTheory, Worlds]
    public Task R35_ClonedVm_StartedSnapshottedStoppedAndRestored_OneRestore(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        await world.CreateVmAsync(new VmDefinition("vm1") { DataVolumeTemplates = ["dv-a"] });
        await world.WaitRunningAsync("vm1");

        await world.CreateCloneAsync("testclone", "vm1", "vm1-clone");
        var clone = await world.WaitCloneDoneAsync("testclone");

        Assert.Equal("vm1-clone", clone.Status!.TargetName);
        Assert.Equal(
            [("Progressing", "False", CloneApi.ReasonReady), ("Ready", "True", CloneApi.ReasonReady)],
            clone.Status.Conditions!.Select(c => (c.Type, c.Status, c.Reason)));
        await world.WaitForAsync("the clone's snapshot and restore deleted", async () =>
            await world.CountAsync(SnapshotApi.SnapshotPlural) + await world.CountAsync(SnapshotApi.RestorePlural) == 0 ? clone : null);
        var target = (await world.VmAsync("vm1-clone"))!;
        Assert.Equal("Halted", target.Spec.RunStrategy);
        var disk = target.Spec.Template!.Spec!.Volumes!.Single(v => v.Name == "dv-a").DataVolume!.Name!;
        Assert.NotEqual("dv-a", disk);
        var journal = await world.JournalOnAsync(disk, world.Namespace);
        Assert.True(journal.IsConsistent && journal.LastCommitted >= 5, $"the clone's disk holds vm1's journal: {journal}");

        await world.StartVmAsync("vm1-clone");
        await world.TakeSnapshotAsync("snap1", "vm1-clone");
        await world.StopVmAsync("vm1-clone");
        await world.CreateRestoreAsync("restore1", "vm1-clone", "snap1", new JsonObject
        {
            ["patches"] = new JsonArray("""{"op":"replace","path":"/spec/template/spec/domain/devices/interfaces/0/macAddress","value":""}"""),
        });
        var restore = await world.WaitRestoreCompleteAsync("restore1", "vm1-clone");

        Assert.Single(restore.Status!.Restores!);
        await world.AssertRestoredDataAsync(restore);
    });
}
