using Harness.Api.Instancetypes;
using Harness.Api.KubeVirt;
using Harness.Api.Snapshots;
using Harness.Controller.Tests.World;

namespace Harness.Controller.Tests.Conformance;

/// <summary>
/// §5.1 S24-S25 (Bug #8435, a snapshot of a VM with an instance type stuck InProgress) and §2.4: snapshots of VMs
/// that use an instance type and a preference succeed, capture the matchers, and copy the revisions a VM is pinned to.
/// </summary>
[Collection(WorldCollection.Name)]
public sealed class InstancetypeSnapshotTests(LiveWorldFixture worlds)
{
    private static readonly string[] Disks = ["disk-a"];

    [SkippableTheory, Worlds]
    public Task S24_RunningVmWithInstancetype_SnapshotSucceeds(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        await CreateVmAsync(world, "Always");
        var vmi = await world.WaitVmiRunningAsync("vm1");
        await world.WaitRunningAsync("vm1");

        await world.CreateSnapshotAsync("snap1", "vm1");
        var snapshot = await world.WaitSucceededAsync("snap1");

        Assert.Contains(SnapshotApi.IndicationOnline, snapshot.Status!.Indications!);
        Assert.Equal(Disks, snapshot.Status.SnapshotVolumes!.IncludedVolumes!);
        AssertCapturedMatchers(await world.ContentOfAsync(snapshot));
        Assert.Equal("128Mi", vmi.Spec.Domain!.Memory!.Guest);
        Assert.Equal(1u, vmi.Spec.Domain.Cpu!.Sockets);
        Assert.Equal("it1", vmi.Metadata.Annotations[InstancetypeApi.InstanceAnnotations.Instancetype]);
        Assert.Equal("pref1", vmi.Metadata.Annotations[InstancetypeApi.InstanceAnnotations.Preference]);
        await world.WaitUnlockedAsync("vm1");
    });

    [SkippableTheory, Worlds]
    public Task S25_StoppedVmWithInstancetype_SnapshotSucceeds(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        await CreateVmAsync(world, "Halted");

        await world.CreateSnapshotAsync("snap1", "vm1");
        var snapshot = await world.WaitSucceededAsync("snap1");

        Assert.DoesNotContain(SnapshotApi.IndicationOnline, snapshot.Status!.Indications ?? []);
        Assert.Equal(Disks, snapshot.Status.SnapshotVolumes!.IncludedVolumes!);
        var content = await world.ContentOfAsync(snapshot);
        AssertCapturedMatchers(content);
        Assert.Null(content!.Spec.Source.VirtualMachine!.Status?.InstancetypeRef);
        await world.WaitUnlockedAsync("vm1");
    });

    [SkippableTheory, Worlds]
    public Task VmPinnedToItsRevisions_SnapshotCopiesThemOwnedByTheSnapshot(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        var vm = await CreateVmAsync(world, "Halted");
        var (instancetypeRevision, preferenceRevision) = await PinAsync(world, vm);

        var snapshot = await world.TakeSnapshotAsync("snap1", "vm1");

        var captured = (await world.ContentOfAsync(snapshot))!.Spec.Source.VirtualMachine!.Spec;
        Assert.Equal(instancetypeRevision.Replace("vm1", "snap1", StringComparison.Ordinal), captured.Instancetype!.RevisionName);
        Assert.Equal(preferenceRevision.Replace("vm1", "snap1", StringComparison.Ordinal), captured.Preference!.RevisionName);
        foreach (var (original, copy) in new[] { (instancetypeRevision, captured.Instancetype.RevisionName!), (preferenceRevision, captured.Preference.RevisionName!) })
        {
            await world.AssertSameRevisionObjectAsync(original, copy);
            var revision = (await world.ControllerRevisionAsync(copy))!;
            var owner = Assert.Single(revision.Metadata.OwnerReferences);
            Assert.Equal((SnapshotApi.SnapshotKind, "snap1", snapshot.Metadata.Uid, true), (owner.Kind, owner.Name, owner.Uid, owner.Controller));
            Assert.Equal((await world.ControllerRevisionAsync(original))!.Metadata.Labels, revision.Metadata.Labels);
        }
    });

    /// <summary>Instance type <c>it1</c>, preference <c>pref1</c> and VM <c>vm1</c> on the bound claim <c>disk-a</c>, with its revision refs.</summary>
    internal static async Task<VirtualMachine> CreateVmAsync(ControllerWorld world, string runStrategy)
    {
        await world.CreateInstancetypeAsync("it1");
        await world.CreatePreferenceAsync("pref1");
        await world.CreateBoundClaimsAsync(Disks);
        await world.CreateVmAsync(new VmDefinition("vm1") { Claims = Disks, RunStrategy = runStrategy, Instancetype = "it1", Preference = "pref1" });
        return await world.WaitRevisionRefsAsync("vm1");
    }

    /// <summary>Pins the VM to the revisions its status names (as a VM written before KubeVirt 1.5, or by a user, is); returns their names.</summary>
    internal static async Task<(string Instancetype, string Preference)> PinAsync(ControllerWorld world, VirtualMachine vm)
    {
        var names = (vm.Status!.InstancetypeRef!.ControllerRevisionRef!.Name!, vm.Status.PreferenceRef!.ControllerRevisionRef!.Name!);
        await world.PatchVmAsync(vm.Metadata.Name, $"{{\"spec\":{{\"instancetype\":{{\"revisionName\":\"{names.Item1}\"}},\"preference\":{{\"revisionName\":\"{names.Item2}\"}}}}}}");
        return names;
    }

    private static void AssertCapturedMatchers(VirtualMachineSnapshotContent? content)
    {
        var spec = content!.Spec.Source.VirtualMachine!.Spec;
        Assert.Equal(("it1", InstancetypeApi.InstancetypeKind, null), (spec.Instancetype!.Name, spec.Instancetype.Kind, spec.Instancetype.RevisionName));
        Assert.Equal(("pref1", InstancetypeApi.PreferenceKind, null), (spec.Preference!.Name, spec.Preference.Kind, spec.Preference.RevisionName));
    }
}
