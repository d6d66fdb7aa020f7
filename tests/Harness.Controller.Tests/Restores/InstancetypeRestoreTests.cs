using Harness.Api.KubeVirt;
using Harness.Controller.Tests.Conformance;
using Harness.Controller.Tests.World;

namespace Harness.Controller.Tests.Restores;

/// <summary>
/// §5.2 R6-R9 and §3.6: a VM with an instance type and a preference restored in place keeps its ControllerRevision
/// names; restored to a new VM it gets revisions of its own, with other names and the same objects. A VM pinned to
/// its revisions gets them back from the snapshot's copies.
/// </summary>
[Collection(SecondWorldCollection.Name)]
public sealed class InstancetypeRestoreTests(LiveWorldFixture worlds)
{
    [SkippableTheory, Worlds]
    public Task R6_RunningAtSnapshotRestoredInPlace_KeepsItsRevisionNames(WorldKind kind) => worlds.RunAsync(kind, world => InPlaceAsync(world, running: true));

    [SkippableTheory, Worlds]
    public Task R7_StoppedAtSnapshotRestoredInPlace_KeepsItsRevisionNames(WorldKind kind) => worlds.RunAsync(kind, world => InPlaceAsync(world, running: false));

    [SkippableTheory, Worlds]
    public Task R8_RunningSourceRestoredToNewVm_NewRevisionsWithEqualObjects(WorldKind kind) => worlds.RunAsync(kind, world => ToNewVmAsync(world, running: true));

    [SkippableTheory, Worlds]
    public Task R9_StoppedSourceRestoredToNewVm_NewRevisionsWithEqualObjects(WorldKind kind) => worlds.RunAsync(kind, world => ToNewVmAsync(world, running: false));

    [SkippableTheory, Worlds]
    public Task VmPinnedToItsRevisions_RestoredInPlace_KeepsThemOwnedByTheVm(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        var pinned = await PinnedVmWithSnapshotAsync(world);

        await world.CreateRestoreAsync("restore1", "vm1", "snap1");
        await world.WaitRestoreCompleteAsync("restore1", "vm1");

        var restored = (await world.VmAsync("vm1"))!;
        Assert.Equal(pinned, (restored.Spec.Instancetype!.RevisionName!, restored.Spec.Preference!.RevisionName!));
        Assert.Equal(pinned, RefsOf(restored));
        foreach (var name in new[] { pinned.Instancetype, pinned.Preference })
        {
            await AssertControlledByAsync(world, name, restored);
        }
    });

    [SkippableTheory, Worlds]
    public Task VmPinnedToItsRevisions_RestoredToNewVm_GetsCopiesOwnedByIt(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        var pinned = await PinnedVmWithSnapshotAsync(world);

        await world.CreateRestoreAsync("restore1", "vm1-new", "snap1");
        await world.WaitRestoreCompleteAsync("restore1", "vm1-new");

        var created = await world.WaitRevisionRefsAsync("vm1-new");
        var expected = (pinned.Instancetype.Replace("vm1", "vm1-new", StringComparison.Ordinal), pinned.Preference.Replace("vm1", "vm1-new", StringComparison.Ordinal));
        Assert.Equal(expected, (created.Spec.Instancetype!.RevisionName!, created.Spec.Preference!.RevisionName!));
        Assert.Equal(expected, RefsOf(created));
        await world.AssertSameRevisionObjectAsync(pinned.Instancetype, expected.Item1);
        await world.AssertSameRevisionObjectAsync(pinned.Preference, expected.Item2);
        await AssertControlledByAsync(world, expected.Item1, created);
        await AssertControlledByAsync(world, expected.Item2, created);
    });

    private static async Task InPlaceAsync(ControllerWorld world, bool running)
    {
        await InstancetypeSnapshotTests.CreateVmAsync(world, running ? "Always" : "Halted");
        if (running)
        {
            await world.WaitRunningAsync("vm1");
        }

        var original = RefsOf((await world.VmAsync("vm1"))!);
        await world.TakeSnapshotAsync("snap1", "vm1");
        if (running)
        {
            await world.StopVmAsync("vm1");
        }

        await world.CreateRestoreAsync("restore1", "vm1", "snap1");
        await world.WaitRestoreCompleteAsync("restore1", "vm1");

        var restored = await world.WaitRevisionRefsAsync("vm1");
        Assert.Equal(original, RefsOf(restored));
        Assert.NotNull(await world.ControllerRevisionAsync(original.Instancetype));
        Assert.NotNull(await world.ControllerRevisionAsync(original.Preference));
    }

    private static async Task ToNewVmAsync(ControllerWorld world, bool running)
    {
        await InstancetypeSnapshotTests.CreateVmAsync(world, running ? "Always" : "Halted");
        if (running)
        {
            await world.WaitRunningAsync("vm1");
        }

        await world.TakeSnapshotAsync("snap1", "vm1");

        await world.CreateRestoreAsync("restore1", "vm1-new", "snap1");
        await world.WaitRestoreCompleteAsync("restore1", "vm1-new");

        var source = RefsOf((await world.VmAsync("vm1"))!);
        var created = await world.WaitRevisionRefsAsync("vm1-new");
        var target = RefsOf(created);
        Assert.NotEqual(source.Instancetype, target.Instancetype);
        Assert.NotEqual(source.Preference, target.Preference);
        await world.AssertSameRevisionObjectAsync(source.Instancetype, target.Instancetype);
        await world.AssertSameRevisionObjectAsync(source.Preference, target.Preference);
        await AssertControlledByAsync(world, target.Instancetype, created);
        await AssertControlledByAsync(world, target.Preference, created);
    }

    /// <summary>The stopped VM <c>vm1</c> pinned to its revisions, and its snapshot <c>snap1</c>; returns the revision names.</summary>
    private static async Task<(string Instancetype, string Preference)> PinnedVmWithSnapshotAsync(ControllerWorld world)
    {
        var vm = await InstancetypeSnapshotTests.CreateVmAsync(world, "Halted");
        var pinned = await InstancetypeSnapshotTests.PinAsync(world, vm);
        await world.TakeSnapshotAsync("snap1", "vm1");
        return pinned;
    }

    private static (string Instancetype, string Preference) RefsOf(VirtualMachine vm) =>
        (vm.Status?.InstancetypeRef?.ControllerRevisionRef?.Name ?? "", vm.Status?.PreferenceRef?.ControllerRevisionRef?.Name ?? "");

    private static async Task AssertControlledByAsync(ControllerWorld world, string revision, VirtualMachine vm)
    {
        var read = await world.ControllerRevisionAsync(revision);
        Assert.True(read is not null, $"ControllerRevision {revision} exists");
        var owner = Assert.Single(read.Metadata.OwnerReferences);
        Assert.Equal((KubeVirtApi.VirtualMachineKind, vm.Metadata.Name, vm.Metadata.Uid, true), (owner.Kind, owner.Name, owner.Uid, owner.Controller));
    }
}
