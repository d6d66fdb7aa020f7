using Csi.V1;
using Grpc.Core;
using static Harness.Simulators.Tests.Csi.CsiRequests;

namespace Harness.Simulators.Tests.Csi.Capabilities;

/// <summary>The GroupController service: snapshots of several volumes cut at one instant, kept and deleted as one.</summary>
public sealed class CsiGroupSnapshotTests
{
    private const long Size = 4 * MiB;

    [Fact]
    public async Task CreateVolumeGroupSnapshot_TwoVolumes_EachMemberHoldsItsVolumeAtTheCut()
    {
        var csi = new InProcessDriver();
        var (first, second) = (await WrittenVolumeAsync(csi, "g-first", 1), await WrittenVolumeAsync(csi, "g-second", 2));

        var group = (await csi.Clients.GroupController.CreateVolumeGroupSnapshotAsync(GroupOf("group", first, second))).GroupSnapshot;
        await csi.Driver.Store.Open(first).WriteAsync(0, CsiContentTests.Pattern(Size, seed: 9));

        Assert.True(group.ReadyToUse);
        Assert.Equal([first, second], group.Snapshots.Select(s => s.SourceVolumeId));
        Assert.All(group.Snapshots, s => Assert.Equal((group.GroupSnapshotId, group.CreationTime), (s.GroupSnapshotId, s.CreationTime)));
        for (var i = 0; i < 2; i++)
        {
            var restored = (await csi.Clients.Controller.CreateVolumeAsync(VolumeFromSnapshot($"g-restored-{i}", group.Snapshots[i].SnapshotId))).Volume.VolumeId;
            var content = new byte[Size];
            await csi.Driver.Store.Open(restored).ReadAsync(0, content);
            Assert.Equal(CsiContentTests.Pattern(Size, seed: i + 1), content);
        }
    }

    [Fact]
    public async Task CreateVolumeGroupSnapshot_RetriedOrReused_SameGroupOrAlreadyExists()
    {
        var csi = new InProcessDriver();
        var (first, second) = (await WrittenVolumeAsync(csi, "r-first", 1), await WrittenVolumeAsync(csi, "r-second", 2));
        var group = (await csi.Clients.GroupController.CreateVolumeGroupSnapshotAsync(GroupOf("retried", first, second))).GroupSnapshot;

        var retried = (await csi.Clients.GroupController.CreateVolumeGroupSnapshotAsync(GroupOf("retried", second, first))).GroupSnapshot;

        Assert.Equal(group, retried);
        await RpcAssert.FailsWith(StatusCode.AlreadyExists, () => csi.Clients.GroupController.CreateVolumeGroupSnapshotAsync(GroupOf("retried", first)));
        await RpcAssert.FailsWith(StatusCode.NotFound, () => csi.Clients.GroupController.CreateVolumeGroupSnapshotAsync(GroupOf("missing", first, "vol-none")));
        await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => csi.Clients.GroupController.CreateVolumeGroupSnapshotAsync(GroupOf("twice", first, first)));
        await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => csi.Clients.GroupController.CreateVolumeGroupSnapshotAsync(GroupOf(string.Empty, first)));
    }

    [Fact]
    public async Task DeleteVolumeGroupSnapshot_MembersGoWithTheGroupOnly()
    {
        var csi = new InProcessDriver();
        var (first, second) = (await WrittenVolumeAsync(csi, "d-first", 1), await WrittenVolumeAsync(csi, "d-second", 2));
        var group = (await csi.Clients.GroupController.CreateVolumeGroupSnapshotAsync(GroupOf("deleted", first, second))).GroupSnapshot;
        var memberIds = group.Snapshots.Select(s => s.SnapshotId).ToList();

        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => csi.Clients.Controller.DeleteSnapshotAsync(new DeleteSnapshotRequest { SnapshotId = memberIds[0] }));
        await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => csi.Clients.GroupController.DeleteVolumeGroupSnapshotAsync(new DeleteVolumeGroupSnapshotRequest { GroupSnapshotId = group.GroupSnapshotId, SnapshotIds = { memberIds[0] } }));
        Assert.Equal(group, (await csi.Clients.GroupController.GetVolumeGroupSnapshotAsync(new GetVolumeGroupSnapshotRequest { GroupSnapshotId = group.GroupSnapshotId, SnapshotIds = { memberIds } })).GroupSnapshot);
        await csi.Clients.GroupController.DeleteVolumeGroupSnapshotAsync(new DeleteVolumeGroupSnapshotRequest { GroupSnapshotId = group.GroupSnapshotId, SnapshotIds = { memberIds } });
        await csi.Clients.GroupController.DeleteVolumeGroupSnapshotAsync(new DeleteVolumeGroupSnapshotRequest { GroupSnapshotId = group.GroupSnapshotId });

        Assert.Empty(csi.Driver.Store.SnapshotIds);
        Assert.Empty(csi.Driver.Store.GroupSnapshotIds);
        await RpcAssert.FailsWith(StatusCode.NotFound, () => csi.Clients.GroupController.GetVolumeGroupSnapshotAsync(new GetVolumeGroupSnapshotRequest { GroupSnapshotId = group.GroupSnapshotId }));
    }

    [Fact]
    public async Task GroupSnapshot_SnapshotReadyDelayFault_GroupReadyWhenEveryMemberIs()
    {
        var csi = new InProcessDriver(faults: new Harness.Simulators.Csi.Faults.CsiFaults { SnapshotReadyDelay = TimeSpan.FromSeconds(30) });
        var (first, second) = (await WrittenVolumeAsync(csi, "p-first", 1), await WrittenVolumeAsync(csi, "p-second", 2));
        var group = (await csi.Clients.GroupController.CreateVolumeGroupSnapshotAsync(GroupOf("pending", first, second))).GroupSnapshot;
        var get = new GetVolumeGroupSnapshotRequest { GroupSnapshotId = group.GroupSnapshotId };

        var pending = (await csi.Clients.GroupController.GetVolumeGroupSnapshotAsync(get)).GroupSnapshot;
        csi.Time.Advance(TimeSpan.FromSeconds(30));
        var ready = (await csi.Clients.GroupController.GetVolumeGroupSnapshotAsync(get)).GroupSnapshot;

        Assert.False(group.ReadyToUse);
        Assert.False(pending.ReadyToUse);
        Assert.True(ready.ReadyToUse);
        Assert.All(ready.Snapshots, s => Assert.True(s.ReadyToUse));
    }

    [Fact]
    public async Task GroupSnapshot_DriverRestartedOnItsStateDirectory_GroupAndMembersKept()
    {
        using var directory = new TemporaryDirectory();
        var before = new InProcessDriver(o => o.StateDirectory = directory.Path);
        var (first, second) = (await WrittenVolumeAsync(before, "s-first", 1), await WrittenVolumeAsync(before, "s-second", 2));
        var group = (await before.Clients.GroupController.CreateVolumeGroupSnapshotAsync(GroupOf("kept", first, second))).GroupSnapshot;

        var after = new InProcessDriver(o => o.StateDirectory = directory.Path);

        Assert.Equal(group, (await after.Clients.GroupController.GetVolumeGroupSnapshotAsync(new GetVolumeGroupSnapshotRequest { GroupSnapshotId = group.GroupSnapshotId })).GroupSnapshot);
        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => after.Clients.Controller.DeleteSnapshotAsync(new DeleteSnapshotRequest { SnapshotId = group.Snapshots[1].SnapshotId }));
    }

    private static CreateVolumeGroupSnapshotRequest GroupOf(string name, params string[] volumeIds) => new() { Name = name, SourceVolumeIds = { volumeIds } };

    private static async Task<string> WrittenVolumeAsync(InProcessDriver csi, string name, int seed)
    {
        var volumeId = (await csi.Clients.Controller.CreateVolumeAsync(Volume(name, Size))).Volume.VolumeId;
        await csi.Driver.Store.Open(volumeId).WriteAsync(0, CsiContentTests.Pattern(Size, seed));
        return volumeId;
    }
}
