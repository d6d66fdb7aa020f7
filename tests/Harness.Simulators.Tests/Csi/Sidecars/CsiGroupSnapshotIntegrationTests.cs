using Harness.Api.GroupSnapshotStorage;
using Harness.Api.SnapshotStorage;
using Harness.Simulators.Csi.Snapshotter.Groups;
using Harness.EnvTest.Tests.Backends;

namespace Harness.Simulators.Tests.Csi.Sidecars;

/// <summary>
/// VolumeGroupSnapshots end to end through the API, on the embedded API server, deterministic: a label selector over
/// claims, CreateVolumeGroupSnapshot on the driver's GroupController, the group content and a member VolumeSnapshot and
/// VolumeSnapshotContent per volume, readiness, restores from members, and deletion by policy.
/// </summary>
[Collection(SidecarCollection.Name)]
public sealed class CsiGroupSnapshotIntegrationTests(SidecarWorlds sidecars)
{
    private const string Driver = "csi.g.harness";
    private static readonly Dictionary<string, string> Db = new() { ["app"] = "db" };

    [SkippableTheory, Backends]
    public async Task GroupSnapshot_SelectorOverTwoOfThreeClaims_CutTogetherWithReadyMembers(Backend backend)
    {
        var world = await sidecars.CreateAsync(backend, 0x6101, new DriverSpec(Driver));
        await world.RunAsync(
            async () =>
            {
                await ClaimsAsync(world);
                await world.CreateGroupClassAsync("group", Driver);

                var vgs = await world.CreateGroupSnapshotAsync("db-backup", Db);

                var ready = await world.WaitForAsync("group snapshot ready", async () => await world.GetGroupSnapshotAsync("db-backup") is { Status.ReadyToUse: true } g ? g : null);
                Assert.Equal("group", ready.Spec.VolumeGroupSnapshotClassName);
                Assert.Contains(GroupSnapshotStorageApi.VolumeGroupSnapshotBoundProtectionFinalizer, ready.Metadata.Finalizers);
                var content = (await world.GetGroupContentAsync(ready.Status!.BoundVolumeGroupSnapshotContentName!))!;
                Assert.Equal($"groupsnapcontent-{vgs.Metadata.Uid}", content.Metadata.Name);
                var groupId = Assert.Single(world.Driver(Driver).Store.GroupSnapshotIds);
                Assert.Equal(groupId, content.Status!.VolumeGroupSnapshotHandle);
                Assert.Equal(2, content.Status.VolumeSnapshotHandlePairList!.Count);
                Assert.Equal(Rfc3339(content.Status.CreationTime), Rfc3339(ready.Status.CreationTime));

                var members = (await world.ListVolumeSnapshotsAsync()).Where(vs => CsiGroupSnapshotter.OwningGroup(vs)?.Uid == vgs.Metadata.Uid).ToList();
                Assert.Equal(["db-a", "db-b"], members.Select(vs => vs.Spec.Source!.PersistentVolumeClaimName).Order());
                foreach (var member in members)
                {
                    Assert.True(member.Status!.ReadyToUse);
                    Assert.Equal("db-backup", member.Status.VolumeGroupSnapshotName);
                    Assert.Contains(GroupSnapshotStorageApi.VolumeSnapshotInGroupFinalizer, member.Metadata.Finalizers);
                    var memberContent = (await world.GetContentAsync(member.Status.BoundVolumeSnapshotContentName!))!;
                    Assert.Equal(member.Metadata.Uid, memberContent.Spec.VolumeSnapshotRef!.Uid);
                    Assert.Equal(groupId, memberContent.Status!.VolumeGroupSnapshotHandle);
                    Assert.Contains(content.Status.VolumeSnapshotHandlePairList, p => p.SnapshotHandle == memberContent.Status.SnapshotHandle && p.VolumeHandle == memberContent.Spec.Source!.VolumeHandle);
                }

                await world.CreateClaimAsync("db-a-restored", "fast", fromSnapshot: members[0].Metadata.Name);
                await world.WaitForAsync("restored claim Bound", async () => await world.GetClaimAsync("db-a-restored") is { Status.Phase: "Bound" } c ? c : null);
            },
            groupSnapshots: true);
    }

    [SkippableTheory, Backends]
    public async Task GroupSnapshot_DeletedWithPolicyDelete_MembersContentsAndDriverGroupGo(Backend backend)
    {
        var world = await sidecars.CreateAsync(backend, 0x6102, new DriverSpec(Driver));
        await world.RunAsync(
            async () =>
            {
                await ClaimsAsync(world);
                await world.CreateGroupClassAsync("group", Driver);
                await world.CreateGroupSnapshotAsync("db-backup", Db);
                var ready = await world.WaitForAsync("group snapshot ready", async () => await world.GetGroupSnapshotAsync("db-backup") is { Status.ReadyToUse: true } g ? g : null);

                await world.DeleteGroupSnapshotAsync("db-backup");

                await world.WaitForAsync("group snapshot gone", async () => await world.GetGroupSnapshotAsync("db-backup") is null ? ready : null);
                Assert.Null(await world.GetGroupContentAsync(ready.Status!.BoundVolumeGroupSnapshotContentName!));
                Assert.Empty(await world.ListVolumeSnapshotsAsync());
                Assert.Empty(await world.ListContentsAsync());
                Assert.Empty(world.Driver(Driver).Store.GroupSnapshotIds);
            },
            groupSnapshots: true);
    }

    [SkippableTheory, Backends]
    public async Task GroupSnapshot_DeletedWithPolicyRetain_ContentsAndDriverGroupStay(Backend backend)
    {
        var world = await sidecars.CreateAsync(backend, 0x6103, new DriverSpec(Driver));
        await world.RunAsync(
            async () =>
            {
                await ClaimsAsync(world);
                await world.CreateGroupClassAsync("group", Driver, SnapshotStorageApi.DeletionPolicyRetain);
                await world.CreateGroupSnapshotAsync("db-backup", Db);
                var ready = await world.WaitForAsync("group snapshot ready", async () => await world.GetGroupSnapshotAsync("db-backup") is { Status.ReadyToUse: true } g ? g : null);

                await world.DeleteGroupSnapshotAsync("db-backup");

                await world.WaitForAsync("group snapshot gone", async () => await world.GetGroupSnapshotAsync("db-backup") is null ? ready : null);
                var content = await world.GetGroupContentAsync(ready.Status!.BoundVolumeGroupSnapshotContentName!);
                Assert.DoesNotContain(GroupSnapshotStorageApi.VolumeGroupSnapshotContentBoundProtectionFinalizer, content!.Metadata.Finalizers ?? []);
                Assert.Empty(await world.ListVolumeSnapshotsAsync());
                Assert.Equal(2, (await world.ListContentsAsync()).Count);
                Assert.Single(world.Driver(Driver).Store.GroupSnapshotIds);
            },
            groupSnapshots: true);
    }

    [SkippableTheory, Backends]
    public async Task GroupSnapshot_SelectorMatchesNothing_ErrorAndNoContent(Backend backend)
    {
        var world = await sidecars.CreateAsync(backend, 0x6104, new DriverSpec(Driver));
        await world.RunAsync(
            async () =>
            {
                await ClaimsAsync(world);
                await world.CreateGroupClassAsync("group", Driver);

                await world.CreateGroupSnapshotAsync("none", new Dictionary<string, string> { ["app"] = "cache" });

                var failed = await world.WaitForAsync("group snapshot error", async () => await world.GetGroupSnapshotAsync("none") is { Status.Error: not null } g ? g : null);
                Assert.Equal("label selector app=cache for group snapshot not applied to any PVC", failed.Status!.Error!.Message);
                Assert.False(failed.Status.ReadyToUse);
                Assert.Empty(world.Driver(Driver).Store.GroupSnapshotIds);
            },
            groupSnapshots: true);
    }

    [SkippableTheory, Backends]
    public async Task GroupSnapshot_DriverWithoutGroupController_ContentAndGroupCarryTheError(Backend backend)
    {
        var world = await sidecars.CreateAsync(backend, 0x6105, new DriverSpec(Driver, GroupSnapshots: false));
        await world.RunAsync(
            async () =>
            {
                await ClaimsAsync(world);
                await world.CreateGroupClassAsync("group", Driver);

                await world.CreateGroupSnapshotAsync("db-backup", Db);

                var failed = await world.WaitForAsync("group snapshot error", async () => await world.GetGroupSnapshotAsync("db-backup") is { Status.Error: not null } g ? g : null);
                Assert.Contains("Unimplemented", failed.Status!.Error!.Message, StringComparison.Ordinal);
                Assert.False(failed.Status.ReadyToUse);
                Assert.Empty(await world.ListVolumeSnapshotsAsync());
            },
            groupSnapshots: true);
    }

    private static async Task ClaimsAsync(SidecarWorld world)
    {
        await world.CreateStorageClassAsync("fast", Driver);
        await world.CreateClaimAsync("db-a", "fast", labels: Db);
        await world.CreateClaimAsync("db-b", "fast", labels: Db);
        await world.CreateClaimAsync("web", "fast", labels: new Dictionary<string, string> { ["app"] = "web" });
        foreach (var name in new[] { "db-a", "db-b", "web" })
        {
            await world.WaitForAsync($"PVC {name} Bound", async () => await world.GetClaimAsync(name) is { Status.Phase: "Bound" } c ? c : null);
        }
    }

    private static string? Rfc3339(DateTime? time) => time?.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture);
}
