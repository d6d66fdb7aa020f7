using Csi.V1;
using Grpc.Core;
using static Harness.Simulators.Tests.Csi.CsiRequests;

namespace Harness.Simulators.Tests.Csi.Capabilities;

/// <summary>ListVolumes, GetCapacity, ControllerPublish, staging, expansion, stats and ModifyVolume of the in-process driver.</summary>
public sealed class CsiVolumeLifecycleTests : IDisposable
{
    private const long Size = 8 * MiB;

    private readonly TemporaryDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public async Task ListVolumes_MaxEntries_PagesInCreationOrderAndATokenSurvivesItsVolumesDeletion()
    {
        var csi = new InProcessDriver().Clients;
        var ids = new List<string>();
        foreach (var name in (string[])["c", "a", "b"])
        {
            ids.Add((await csi.Controller.CreateVolumeAsync(Volume(name, Size))).Volume.VolumeId);
        }

        var first = await csi.Controller.ListVolumesAsync(new ListVolumesRequest { MaxEntries = 2 });
        Assert.Equal(ids[..2], first.Entries.Select(e => e.Volume.VolumeId));
        await csi.Controller.DeleteVolumeAsync(new DeleteVolumeRequest { VolumeId = ids[2] });
        var added = (await csi.Controller.CreateVolumeAsync(Volume("d", Size))).Volume.VolumeId;

        var rest = await csi.Controller.ListVolumesAsync(new ListVolumesRequest { StartingToken = first.NextToken });

        Assert.Equal([added], rest.Entries.Select(e => e.Volume.VolumeId));
        Assert.Empty(rest.NextToken);
        Assert.All(rest.Entries, e => Assert.Equal(Size, e.Volume.CapacityBytes));
        await RpcAssert.FailsWith(StatusCode.Aborted, () => csi.Controller.ListVolumesAsync(new ListVolumesRequest { StartingToken = "invalid-token" }));
    }

    [Fact]
    public async Task GetCapacity_VolumesTakeTheirSize_BeyondItResourceExhausted()
    {
        var csi = new InProcessDriver(o => o.TotalCapacityBytes = 3 * Size).Clients;
        await csi.Controller.CreateVolumeAsync(Volume("first", 2 * Size));

        var capacity = await csi.Controller.GetCapacityAsync(new GetCapacityRequest());

        Assert.Equal(Size, capacity.AvailableCapacity);
        Assert.Equal(Size, capacity.MaximumVolumeSize);
        await RpcAssert.FailsWith(StatusCode.ResourceExhausted, () => csi.Controller.CreateVolumeAsync(Volume("second", 2 * Size)));
        var volumeId = (await csi.Controller.CreateVolumeAsync(Volume("third", Size))).Volume.VolumeId;
        await RpcAssert.FailsWith(StatusCode.ResourceExhausted, () => csi.Controller.ControllerExpandVolumeAsync(new ControllerExpandVolumeRequest { VolumeId = volumeId, CapacityRange = Bytes(2 * Size) }));
    }

    [Fact]
    public async Task ControllerPublish_OnlyItsNodeAndOneReadonlyFlag_VolumeDeletableOnlyOnceDetached()
    {
        var csi = new InProcessDriver(o => o.NodeId = "node-a").Clients;
        var volumeId = (await csi.Controller.CreateVolumeAsync(Volume("attached", Size))).Volume.VolumeId;
        var publish = new ControllerPublishVolumeRequest { VolumeId = volumeId, NodeId = "node-a", VolumeCapability = Mount() };

        var published = await csi.Controller.ControllerPublishVolumeAsync(publish);
        await csi.Controller.ControllerPublishVolumeAsync(publish);

        Assert.Equal("node-a", Assert.Single(published.PublishContext).Value);
        await RpcAssert.FailsWith(StatusCode.NotFound, () => csi.Controller.ControllerPublishVolumeAsync(new ControllerPublishVolumeRequest(publish) { NodeId = "node-b" }));
        await RpcAssert.FailsWith(StatusCode.NotFound, () => csi.Controller.ControllerPublishVolumeAsync(new ControllerPublishVolumeRequest(publish) { VolumeId = "vol-none" }));
        await RpcAssert.FailsWith(StatusCode.AlreadyExists, () => csi.Controller.ControllerPublishVolumeAsync(new ControllerPublishVolumeRequest(publish) { Readonly = true }));
        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => csi.Controller.DeleteVolumeAsync(new DeleteVolumeRequest { VolumeId = volumeId }));
        await csi.Controller.ControllerUnpublishVolumeAsync(new ControllerUnpublishVolumeRequest { VolumeId = volumeId, NodeId = "node-a" });
        await csi.Controller.ControllerUnpublishVolumeAsync(new ControllerUnpublishVolumeRequest { VolumeId = "vol-none", NodeId = "node-a" });
        await csi.Controller.DeleteVolumeAsync(new DeleteVolumeRequest { VolumeId = volumeId });
    }

    [Fact]
    public async Task NodeStage_PublishFromItAndUnstageAfterUnpublish_StagingDirectoryLeftAsFound()
    {
        var csi = new InProcessDriver().Clients;
        var volumeId = (await csi.Controller.CreateVolumeAsync(Volume("staged", Size))).Volume.VolumeId;
        var staging = Directory.CreateDirectory(directory.Combine("staging")).FullName;
        var target = directory.Combine("target");
        var publish = Publish(volumeId, target);
        publish.StagingTargetPath = staging;

        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => csi.Node.NodePublishVolumeAsync(publish));
        await csi.Node.NodeStageVolumeAsync(Stage(volumeId, staging));
        await csi.Node.NodeStageVolumeAsync(Stage(volumeId, staging));
        await csi.Node.NodePublishVolumeAsync(publish);

        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => csi.Node.NodeUnstageVolumeAsync(new NodeUnstageVolumeRequest { VolumeId = volumeId, StagingTargetPath = staging }));
        await RpcAssert.FailsWith(StatusCode.AlreadyExists, () => csi.Node.NodeStageVolumeAsync(Stage(volumeId, staging, block: true)));
        await csi.Node.NodeUnpublishVolumeAsync(new NodeUnpublishVolumeRequest { VolumeId = volumeId, TargetPath = target });
        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => csi.Controller.DeleteVolumeAsync(new DeleteVolumeRequest { VolumeId = volumeId }));
        await csi.Node.NodeUnstageVolumeAsync(new NodeUnstageVolumeRequest { VolumeId = volumeId, StagingTargetPath = staging });
        await csi.Node.NodeUnstageVolumeAsync(new NodeUnstageVolumeRequest { VolumeId = volumeId, StagingTargetPath = staging });
        Assert.Empty(Directory.EnumerateFileSystemEntries(staging));
        await csi.Controller.DeleteVolumeAsync(new DeleteVolumeRequest { VolumeId = volumeId });
    }

    [Fact]
    public async Task Expansion_PublishedMountVolume_DeviceGrowsAtOnceFilesystemAtNodeExpandContentKept()
    {
        var csi = new InProcessDriver().Clients;
        var volumeId = (await csi.Controller.CreateVolumeAsync(Volume("grown", Size))).Volume.VolumeId;
        var target = directory.Combine("mount");
        await csi.Node.NodePublishVolumeAsync(Publish(volumeId, target));
        var image = Path.Combine(target, "disk.img");
        var written = new byte[Size];
        Array.Fill(written, (byte)0xAB);
        await File.WriteAllBytesAsync(image, written);

        var expanded = await csi.Controller.ControllerExpandVolumeAsync(new ControllerExpandVolumeRequest { VolumeId = volumeId, CapacityRange = Bytes(2 * Size), VolumeCapability = Mount() });
        var beforeNode = await StatsAsync(csi, volumeId, target);
        await RpcAssert.FailsWith(StatusCode.OutOfRange, () => csi.Node.NodeExpandVolumeAsync(new NodeExpandVolumeRequest { VolumeId = volumeId, VolumePath = target, CapacityRange = Bytes(3 * Size) }));
        var nodeExpanded = await csi.Node.NodeExpandVolumeAsync(new NodeExpandVolumeRequest { VolumeId = volumeId, VolumePath = target, CapacityRange = Bytes(2 * Size) });
        var afterNode = await StatsAsync(csi, volumeId, target);
        var again = await csi.Controller.ControllerExpandVolumeAsync(new ControllerExpandVolumeRequest { VolumeId = volumeId, CapacityRange = Bytes(Size) });

        Assert.Equal((2 * Size, true), (expanded.CapacityBytes, expanded.NodeExpansionRequired));
        Assert.Equal(2 * Size, new FileInfo(image).Length);
        Assert.Equal((Size, Size), (beforeNode.Total, beforeNode.Used));
        Assert.Equal(2 * Size, nodeExpanded.CapacityBytes);
        Assert.Equal((2 * Size, Size, Size), (afterNode.Total, afterNode.Used, afterNode.Available));
        Assert.Equal((2 * Size, false), (again.CapacityBytes, again.NodeExpansionRequired));
        Assert.Equal(written, (await File.ReadAllBytesAsync(image))[..(int)Size]);
    }

    [Fact]
    public async Task Expansion_BlockVolume_NoNodeExpansionNeeded()
    {
        var csi = new InProcessDriver().Clients;
        var volumeId = (await csi.Controller.CreateVolumeAsync(Volume("grown-block", Size))).Volume.VolumeId;
        var target = directory.Combine("device");
        await csi.Node.NodePublishVolumeAsync(Publish(volumeId, target, block: true));

        var expanded = await csi.Controller.ControllerExpandVolumeAsync(new ControllerExpandVolumeRequest { VolumeId = volumeId, CapacityRange = Bytes(3 * Size) });

        Assert.Equal((3 * Size, false), (expanded.CapacityBytes, expanded.NodeExpansionRequired));
        Assert.Equal(3 * Size, new FileInfo(target).Length);
        Assert.Equal(3 * Size, (await StatsAsync(csi, volumeId, target)).Total);
        await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => csi.Controller.ControllerExpandVolumeAsync(new ControllerExpandVolumeRequest { VolumeId = volumeId }));
        await RpcAssert.FailsWith(StatusCode.NotFound, () => csi.Controller.ControllerExpandVolumeAsync(new ControllerExpandVolumeRequest { VolumeId = "vol-none", CapacityRange = Bytes(Size) }));
    }

    [Fact]
    public async Task NodeGetVolumeStats_PathWhereTheVolumeIsNot_NotFound()
    {
        var csi = new InProcessDriver().Clients;
        var volumeId = (await csi.Controller.CreateVolumeAsync(Volume("stats", Size))).Volume.VolumeId;
        await csi.Node.NodePublishVolumeAsync(Publish(volumeId, directory.Combine("stats")));

        await RpcAssert.FailsWith(StatusCode.NotFound, () => csi.Node.NodeGetVolumeStatsAsync(new NodeGetVolumeStatsRequest { VolumeId = volumeId, VolumePath = "some/path" }));
        await RpcAssert.FailsWith(StatusCode.NotFound, () => csi.Node.NodeGetVolumeStatsAsync(new NodeGetVolumeStatsRequest { VolumeId = "vol-none", VolumePath = "some/path" }));
        await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => csi.Node.NodeGetVolumeStatsAsync(new NodeGetVolumeStatsRequest { VolumeId = volumeId }));
        Assert.Equal(0, (await StatsAsync(csi, volumeId, directory.Combine("stats") + "/")).Used);
    }

    [Fact]
    public async Task ModifyVolume_KnownAndUnknownMutableParameters_AcceptedAndRefused()
    {
        var csi = new InProcessDriver().Clients;
        var create = Volume("modified", Size);
        create.MutableParameters.Add("iops", "3000");
        var volumeId = (await csi.Controller.CreateVolumeAsync(create)).Volume.VolumeId;

        await csi.Controller.ControllerModifyVolumeAsync(new ControllerModifyVolumeRequest { VolumeId = volumeId, MutableParameters = { ["throughput"] = "125" } });

        await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => csi.Controller.ControllerModifyVolumeAsync(new ControllerModifyVolumeRequest { VolumeId = volumeId, MutableParameters = { ["colour"] = "blue" } }));
        await RpcAssert.FailsWith(StatusCode.NotFound, () => csi.Controller.ControllerModifyVolumeAsync(new ControllerModifyVolumeRequest { VolumeId = "vol-none" }));
        var unknown = Volume("modified-unknown", Size);
        unknown.MutableParameters.Add("colour", "blue");
        await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => csi.Controller.CreateVolumeAsync(unknown));
    }

    private static async Task<global::Csi.V1.VolumeUsage> StatsAsync(CsiClients csi, string volumeId, string path) =>
        Assert.Single((await csi.Node.NodeGetVolumeStatsAsync(new NodeGetVolumeStatsRequest { VolumeId = volumeId, VolumePath = path })).Usage);
}
