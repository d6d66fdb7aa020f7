using k8s;
using Harness.Api.Cdi;
using Harness.Controller.Tests.World;

namespace Harness.Controller.Tests.Restores;

/// <summary>
/// §5.2 R46-R55: a VM whose disk is a host-assisted, cross-namespace clone of a golden image (CDI before volume
/// populators: the cloned claim carries <c>k8s.io/CloneRequest</c> and <c>k8s.io/CloneOf</c>), from a DataVolume
/// template or a standalone DataVolume; the snapshot restored to the same or a new VM, also after the clone source
/// DataVolume or its whole namespace is gone. The restored claim has the snapshot's bytes and no clone annotations,
/// and the restored VM starts.
/// </summary>
[Collection(WorldCollection.Name)]
public sealed class ClonedDataVolumeRestoreTests(LiveWorldFixture worlds)
{
    private const string CloneRequest = "k8s.io/CloneRequest";
    private const string CloneOf = "k8s.io/CloneOf";

    public enum Removed
    {
        Nothing,
        SourceDataVolume,
        SourceNamespace,
    }

    [SkippableTheory, Worlds]
    public Task R46_ClonedTemplate_SameVm(WorldKind kind) => worlds.RunAsync(kind, world => RestoreAsync(world, template: true, "vm1", Removed.Nothing));

    [SkippableTheory, Worlds]
    public Task R47_ClonedTemplate_NewVm(WorldKind kind) => worlds.RunAsync(kind, world => RestoreAsync(world, template: true, "vm2", Removed.Nothing));

    [SkippableTheory, Worlds]
    public Task R48_ClonedTemplate_SameVm_SourceDataVolumeDeleted(WorldKind kind) => worlds.RunAsync(kind, world => RestoreAsync(world, template: true, "vm1", Removed.SourceDataVolume));

    [SkippableTheory, Worlds]
    public Task R49_ClonedTemplate_NewVm_SourceDataVolumeDeleted(WorldKind kind) => worlds.RunAsync(kind, world => RestoreAsync(world, template: true, "vm2", Removed.SourceDataVolume));

    [SkippableTheory, Worlds]
    public Task R50_ClonedTemplate_SameVm_SourceNamespaceDeleted(WorldKind kind) => worlds.RunAsync(kind, world => RestoreAsync(world, template: true, "vm1", Removed.SourceNamespace));

    [SkippableTheory, Worlds]
    public Task R51_ClonedTemplate_NewVm_SourceNamespaceDeleted(WorldKind kind) => worlds.RunAsync(kind, world => RestoreAsync(world, template: true, "vm2", Removed.SourceNamespace));

    [SkippableTheory, Worlds]
    public Task R52_ClonedStandaloneDataVolume_SameVm(WorldKind kind) => worlds.RunAsync(kind, world => RestoreAsync(world, template: false, "vm1", Removed.Nothing));

    [SkippableTheory, Worlds]
    public Task R53_ClonedStandaloneDataVolume_NewVm(WorldKind kind) => worlds.RunAsync(kind, world => RestoreAsync(world, template: false, "vm2", Removed.Nothing));

    [SkippableTheory, Worlds]
    public Task R54_ClonedStandaloneDataVolume_SameVm_SourceDataVolumeDeleted(WorldKind kind) => worlds.RunAsync(kind, world => RestoreAsync(world, template: false, "vm1", Removed.SourceDataVolume));

    [SkippableTheory, Worlds]
    public Task R55_ClonedStandaloneDataVolume_NewVm_SourceDataVolumeDeleted(WorldKind kind) => worlds.RunAsync(kind, world => RestoreAsync(world, template: false, "vm2", Removed.SourceDataVolume));

    private static async Task RestoreAsync(ControllerWorld world, bool template, string target, Removed removed)
    {
        try
        {
            var golden = await world.GoldenImageAsync();
            await AssertCopiedAsync(world, new ClaimReference(world.Namespace, "golden-data"), golden);
            if (template)
            {
                await world.CreateVmAsync(new VmDefinition("vm1") { DataVolumeTemplates = ["dv-a"], CloneSource = golden });
            }
            else
            {
                await world.CreateClonedDataVolumeAsync(world.Namespace, "dv-a", golden);
                await world.WaitDataVolumeSucceededAsync("dv-a");
                await AssertCopiedAsync(world, golden, new ClaimReference(world.Namespace, "dv-a"));
                await world.CreateVmAsync(new VmDefinition("vm1") { DataVolumes = ["dv-a"] });
            }

            await world.WaitRunningAsync("vm1");
            await AssertCloneOfAsync(world, golden);
            await world.StopVmAsync("vm1");
            await world.TakeSnapshotAsync("snap1", "vm1");
            await RemoveAsync(world, golden, removed);

            await world.CreateRestoreAsync("restore1", target, "snap1");
            var restore = await world.WaitRestoreCompleteAsync("restore1", target);

            var entry = Assert.Single(restore.Status!.Restores!);
            await world.AssertRestoredDataAsync(restore);
            var volume = (await world.VmAsync(target))!.Spec.Template!.Spec!.Volumes!.Single(v => v.Name == "dv-a");
            var claimName = (template ? volume.DataVolume!.Name : volume.PersistentVolumeClaim!.ClaimName)!;
            Assert.Equal(entry.PersistentVolumeClaim, claimName);
            var annotations = (await world.ClaimAsync(claimName)).Metadata.Annotations ?? new Dictionary<string, string>();
            Assert.DoesNotContain(CloneRequest, annotations.Keys);
            Assert.DoesNotContain(CloneOf, annotations.Keys);

            await world.StartVmAsync(target);
        }
        finally
        {
            await world.DeleteNamespaceAsync(world.GoldenNamespace);
        }
    }

    /// <summary>The VM's claim <c>dv-a</c> names its clone source and is marked cloned, as CDI leaves a host-assisted clone.</summary>
    private static async Task AssertCloneOfAsync(ControllerWorld world, ClaimReference golden)
    {
        var claim = await world.ClaimAsync("dv-a");
        Assert.Equal($"{golden.Namespace}/{golden.Name}", claim.Metadata.Annotations[CloneRequest]);
        Assert.Equal("true", claim.Metadata.Annotations[CloneOf]);
    }

    /// <summary>The clone <paramref name="copy"/>'s volume holds <paramref name="source"/>'s bytes: the writer's journal.</summary>
    private static async Task AssertCopiedAsync(ControllerWorld world, ClaimReference source, ClaimReference copy)
    {
        Assert.Equal(await world.ContentHashAsync(source.Name, source.Namespace), await world.ContentHashAsync(copy.Name, copy.Namespace));
        var journal = await world.JournalOnAsync(copy.Name, copy.Namespace);
        Assert.True(journal.IsConsistent, string.Join("; ", journal.Problems));
        Assert.True(journal.LastCommitted >= 5, $"the clone holds the writer's journal up to record {journal.LastCommitted}");
    }

    private static async Task RemoveAsync(ControllerWorld world, ClaimReference golden, Removed removed)
    {
        switch (removed)
        {
            case Removed.SourceDataVolume:
                await world.Client.CustomObjects.DeleteNamespacedCustomObjectAsync(CdiApi.Group, CdiApi.Version, golden.Namespace, CdiApi.DataVolumePlural, golden.Name);
                await world.WaitForAsync($"claim {golden.Namespace}/{golden.Name} gone", async () =>
                    (await world.Client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(golden.Namespace)).Items.Any(c => c.Metadata.Name == golden.Name) ? null : golden);
                break;
            case Removed.SourceNamespace:
                await world.DeleteNamespaceAsync(golden.Namespace);
                break;
        }
    }
}
