using Csi.V1;
using Grpc.Core;
using static Harness.Simulators.Tests.Csi.CsiRequests;

namespace Harness.Simulators.Tests.Csi;

/// <summary>
/// What csi-sanity (kubernetes-csi/csi-test pkg/sanity) checks, run over both transports: the real
/// driver process through Grpc.Net.Client on its Unix socket, and the in-process call invoker.
/// </summary>
public sealed class CsiSanityTests(DriverProcessFixture process) : IClassFixture<DriverProcessFixture>
{
    private const long Size = 64 * MiB;

    public static TheoryData<string> Transports => ["socket", "in-process"];

    private CsiClients Connect(string transport) => transport == "socket" ? process.Clients : new InProcessDriver().Clients;

    private string TargetPath(string name) => Path.Combine(process.Directory, "targets", name);

    [Theory, MemberData(nameof(Transports))]
    public async Task GetPluginInfo_Always_ReturnsNameAndVersion(string transport)
    {
        var info = await Connect(transport).Identity.GetPluginInfoAsync(new GetPluginInfoRequest());
        Assert.Equal("csi.test.harness", info.Name);
        Assert.NotEmpty(info.VendorVersion);
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task GetPluginCapabilities_Always_ListsControllerService(string transport)
    {
        var capabilities = await Connect(transport).Identity.GetPluginCapabilitiesAsync(new GetPluginCapabilitiesRequest());
        Assert.Contains(capabilities.Capabilities, c => c.Service.Type == PluginCapability.Types.Service.Types.Type.ControllerService);
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task Probe_Running_IsReady(string transport)
    {
        var probe = await Connect(transport).Identity.ProbeAsync(new ProbeRequest());
        Assert.True(probe.Ready);
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task ControllerGetCapabilities_SnapshotDriver_ListsVolumeAndSnapshotRpcs(string transport)
    {
        var capabilities = await Connect(transport).Controller.ControllerGetCapabilitiesAsync(new ControllerGetCapabilitiesRequest());
        var types = capabilities.Capabilities.Select(c => c.Rpc.Type).ToHashSet();
        Assert.Contains(ControllerServiceCapability.Types.RPC.Types.Type.CreateDeleteVolume, types);
        Assert.Contains(ControllerServiceCapability.Types.RPC.Types.Type.CreateDeleteSnapshot, types);
        Assert.Contains(ControllerServiceCapability.Types.RPC.Types.Type.ListSnapshots, types);
        Assert.Contains(ControllerServiceCapability.Types.RPC.Types.Type.CloneVolume, types);
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task CreateVolume_NoName_InvalidArgument(string transport)
    {
        var csi = Connect(transport);
        await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => csi.Controller.CreateVolumeAsync(Volume(string.Empty, Size)));
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task CreateVolume_NoCapabilities_InvalidArgument(string transport)
    {
        var csi = Connect(transport);
        var request = Volume(UniqueName("no-caps"), Size);
        request.VolumeCapabilities.Clear();
        await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => csi.Controller.CreateVolumeAsync(request));
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task CreateVolume_CapabilityWithoutAccessMode_InvalidArgument(string transport)
    {
        var csi = Connect(transport);
        var request = Volume(UniqueName("no-mode"), Size);
        request.VolumeCapabilities[0].AccessMode = null;
        await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => csi.Controller.CreateVolumeAsync(request));
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task CreateVolume_NoCapacity_GetsDefaultSize(string transport)
    {
        var response = await Connect(transport).Controller.CreateVolumeAsync(Volume(UniqueName("no-capacity")));
        Assert.NotEmpty(response.Volume.VolumeId);
        Assert.Equal(1024L * MiB, response.Volume.CapacityBytes);
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task CreateVolume_SameNameSameCapacity_ReturnsSameVolume(string transport)
    {
        var csi = Connect(transport);
        var name = UniqueName("twice");
        var first = await csi.Controller.CreateVolumeAsync(Volume(name, Size));
        var second = await csi.Controller.CreateVolumeAsync(Volume(name, Size));
        Assert.Equal(first.Volume.VolumeId, second.Volume.VolumeId);
        Assert.True(second.Volume.CapacityBytes >= Size);
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task CreateVolume_SameNameDifferentCapacity_AlreadyExists(string transport)
    {
        var csi = Connect(transport);
        var name = UniqueName("twice-different");
        await csi.Controller.CreateVolumeAsync(Volume(name, Size, Size));
        await RpcAssert.FailsWith(StatusCode.AlreadyExists, () => csi.Controller.CreateVolumeAsync(Volume(name, 2 * Size, 2 * Size)));
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task CreateVolume_SameNameDifferentParameters_AlreadyExists(string transport)
    {
        var csi = Connect(transport);
        var name = UniqueName("twice-parameters");
        await csi.Controller.CreateVolumeAsync(Volume(name, Size));
        var changed = Volume(name, Size);
        changed.Parameters["tier"] = "gold";
        await RpcAssert.FailsWith(StatusCode.AlreadyExists, () => csi.Controller.CreateVolumeAsync(changed));
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task CreateVolume_MaximumLengthName_Succeeds(string transport)
    {
        var name = new string('a', 127) + (transport == "socket" ? "s" : "i");
        var response = await Connect(transport).Controller.CreateVolumeAsync(Volume(name, Size));
        Assert.NotEmpty(response.Volume.VolumeId);
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task CreateVolume_RequiredAboveLimit_InvalidArgument(string transport)
    {
        var csi = Connect(transport);
        await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => csi.Controller.CreateVolumeAsync(Volume(UniqueName("inverted"), 2 * Size, Size)));
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task CreateVolume_AboveMaximumSize_OutOfRange(string transport)
    {
        var csi = Connect(transport);
        await RpcAssert.FailsWith(StatusCode.OutOfRange, () => csi.Controller.CreateVolumeAsync(Volume(UniqueName("huge"), long.MaxValue / 2)));
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task CreateVolume_FromUnknownSnapshot_NotFound(string transport)
    {
        var csi = Connect(transport);
        await RpcAssert.FailsWith(StatusCode.NotFound, () => csi.Controller.CreateVolumeAsync(VolumeFromSnapshot(UniqueName("from-nothing"), "snap-does-not-exist")));
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task CreateVolume_FromUnknownVolume_NotFound(string transport)
    {
        var csi = Connect(transport);
        await RpcAssert.FailsWith(StatusCode.NotFound, () => csi.Controller.CreateVolumeAsync(VolumeFromVolume(UniqueName("clone-of-nothing"), "vol-does-not-exist")));
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task DeleteVolume_NoId_InvalidArgument(string transport)
    {
        var csi = Connect(transport);
        await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => csi.Controller.DeleteVolumeAsync(new DeleteVolumeRequest()));
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task DeleteVolume_UnknownId_Succeeds(string transport)
    {
        await Connect(transport).Controller.DeleteVolumeAsync(new DeleteVolumeRequest { VolumeId = "vol-reallyfakevolumeid" });
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task DeleteVolume_Twice_SucceedsBothTimes(string transport)
    {
        var csi = Connect(transport);
        var volume = await csi.Controller.CreateVolumeAsync(Volume(UniqueName("delete-twice"), Size));
        await csi.Controller.DeleteVolumeAsync(new DeleteVolumeRequest { VolumeId = volume.Volume.VolumeId });
        await csi.Controller.DeleteVolumeAsync(new DeleteVolumeRequest { VolumeId = volume.Volume.VolumeId });
        await RpcAssert.FailsWith(StatusCode.NotFound, () => csi.Controller.ValidateVolumeCapabilitiesAsync(new ValidateVolumeCapabilitiesRequest { VolumeId = volume.Volume.VolumeId, VolumeCapabilities = { Mount() } }));
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task ValidateVolumeCapabilities_MissingFields_InvalidArgument(string transport)
    {
        var csi = Connect(transport);
        var volume = await csi.Controller.CreateVolumeAsync(Volume(UniqueName("validate-missing"), Size));
        await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => csi.Controller.ValidateVolumeCapabilitiesAsync(new ValidateVolumeCapabilitiesRequest { VolumeCapabilities = { Mount() } }));
        await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => csi.Controller.ValidateVolumeCapabilitiesAsync(new ValidateVolumeCapabilitiesRequest { VolumeId = volume.Volume.VolumeId }));
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task ValidateVolumeCapabilities_UnknownVolume_NotFound(string transport)
    {
        var csi = Connect(transport);
        await RpcAssert.FailsWith(StatusCode.NotFound, () => csi.Controller.ValidateVolumeCapabilitiesAsync(new ValidateVolumeCapabilitiesRequest { VolumeId = "vol-none", VolumeCapabilities = { Mount() } }));
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task ValidateVolumeCapabilities_ExistingVolume_Confirms(string transport)
    {
        var csi = Connect(transport);
        var volume = await csi.Controller.CreateVolumeAsync(Volume(UniqueName("validate"), Size));
        var response = await csi.Controller.ValidateVolumeCapabilitiesAsync(new ValidateVolumeCapabilitiesRequest { VolumeId = volume.Volume.VolumeId, VolumeCapabilities = { Mount() } });
        Assert.Equal(Mount(), Assert.Single(response.Confirmed.VolumeCapabilities));
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task CreateSnapshot_MissingNameOrSource_InvalidArgument(string transport)
    {
        var csi = Connect(transport);
        var volume = await csi.Controller.CreateVolumeAsync(Volume(UniqueName("snap-missing"), Size));
        await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => csi.Controller.CreateSnapshotAsync(Snapshot(string.Empty, volume.Volume.VolumeId)));
        await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => csi.Controller.CreateSnapshotAsync(Snapshot(UniqueName("snap"), string.Empty)));
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task CreateSnapshot_UnknownSourceVolume_NotFound(string transport)
    {
        var csi = Connect(transport);
        await RpcAssert.FailsWith(StatusCode.NotFound, () => csi.Controller.CreateSnapshotAsync(Snapshot(UniqueName("snap-orphan"), "vol-none")));
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task CreateSnapshot_SameNameSameSource_ReturnsSameSnapshot(string transport)
    {
        var csi = Connect(transport);
        var volume = await csi.Controller.CreateVolumeAsync(Volume(UniqueName("snap-source"), Size));
        var name = UniqueName("snap-twice");
        var first = await csi.Controller.CreateSnapshotAsync(Snapshot(name, volume.Volume.VolumeId));
        var second = await csi.Controller.CreateSnapshotAsync(Snapshot(name, volume.Volume.VolumeId));
        Assert.Equal(first.Snapshot, second.Snapshot);
        Assert.Equal(volume.Volume.VolumeId, first.Snapshot.SourceVolumeId);
        Assert.True(first.Snapshot.ReadyToUse);
        Assert.Equal(Size, first.Snapshot.SizeBytes);
        Assert.NotNull(first.Snapshot.CreationTime);
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task CreateSnapshot_SameNameDifferentSource_AlreadyExists(string transport)
    {
        var csi = Connect(transport);
        var one = await csi.Controller.CreateVolumeAsync(Volume(UniqueName("snap-one"), Size));
        var two = await csi.Controller.CreateVolumeAsync(Volume(UniqueName("snap-two"), Size));
        var name = UniqueName("snap-conflict");
        await csi.Controller.CreateSnapshotAsync(Snapshot(name, one.Volume.VolumeId));
        await RpcAssert.FailsWith(StatusCode.AlreadyExists, () => csi.Controller.CreateSnapshotAsync(Snapshot(name, two.Volume.VolumeId)));
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task DeleteSnapshot_NoIdOrUnknownId_InvalidArgumentThenSuccess(string transport)
    {
        var csi = Connect(transport);
        await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => csi.Controller.DeleteSnapshotAsync(new DeleteSnapshotRequest()));
        await csi.Controller.DeleteSnapshotAsync(new DeleteSnapshotRequest { SnapshotId = "snap-reallyfake" });
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task ListSnapshots_Filters_SelectBySnapshotAndSource(string transport)
    {
        var csi = Connect(transport);
        var volume = await csi.Controller.CreateVolumeAsync(Volume(UniqueName("list-source"), Size));
        var snapshot = await csi.Controller.CreateSnapshotAsync(Snapshot(UniqueName("list-snap"), volume.Volume.VolumeId));

        var byId = await csi.Controller.ListSnapshotsAsync(new ListSnapshotsRequest { SnapshotId = snapshot.Snapshot.SnapshotId });
        Assert.Equal(snapshot.Snapshot, Assert.Single(byId.Entries).Snapshot);
        var bySource = await csi.Controller.ListSnapshotsAsync(new ListSnapshotsRequest { SourceVolumeId = volume.Volume.VolumeId });
        Assert.Equal(snapshot.Snapshot, Assert.Single(bySource.Entries).Snapshot);
        var unknownId = await csi.Controller.ListSnapshotsAsync(new ListSnapshotsRequest { SnapshotId = "snap-none" });
        Assert.Empty(unknownId.Entries);
        var unknownSource = await csi.Controller.ListSnapshotsAsync(new ListSnapshotsRequest { SourceVolumeId = "vol-none" });
        Assert.Empty(unknownSource.Entries);

        await csi.Controller.DeleteSnapshotAsync(new DeleteSnapshotRequest { SnapshotId = snapshot.Snapshot.SnapshotId });
        var afterDelete = await csi.Controller.ListSnapshotsAsync(new ListSnapshotsRequest { SnapshotId = snapshot.Snapshot.SnapshotId });
        Assert.Empty(afterDelete.Entries);
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task ListSnapshots_MaxEntries_PagesThroughAllWithNextToken(string transport)
    {
        var csi = Connect(transport);
        var volume = await csi.Controller.CreateVolumeAsync(Volume(UniqueName("page-source"), Size));
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            created.Add((await csi.Controller.CreateSnapshotAsync(Snapshot(UniqueName("page"), volume.Volume.VolumeId))).Snapshot.SnapshotId);
        }

        var seen = new List<string>();
        var token = string.Empty;
        var pages = 0;
        do
        {
            var page = await csi.Controller.ListSnapshotsAsync(new ListSnapshotsRequest { SourceVolumeId = volume.Volume.VolumeId, MaxEntries = 2, StartingToken = token });
            Assert.True(page.Entries.Count <= 2);
            seen.AddRange(page.Entries.Select(e => e.Snapshot.SnapshotId));
            token = page.NextToken;
            pages++;
        }
        while (token.Length > 0);

        Assert.Equal(3, pages);
        Assert.Equal(created, seen);
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task ListSnapshots_InvalidStartingToken_Aborted(string transport)
    {
        var csi = Connect(transport);
        await RpcAssert.FailsWith(StatusCode.Aborted, () => csi.Controller.ListSnapshotsAsync(new ListSnapshotsRequest { StartingToken = "invalid-token" }));
        await RpcAssert.FailsWith(StatusCode.Aborted, () => csi.Controller.ListSnapshotsAsync(new ListSnapshotsRequest { StartingToken = "99999999" }));
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task NodeGetInfo_Always_ReturnsNodeId(string transport)
    {
        var info = await Connect(transport).Node.NodeGetInfoAsync(new NodeGetInfoRequest());
        Assert.NotEmpty(info.NodeId);
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task NodeGetCapabilities_DefaultDriver_ListsStageStatsAndExpand(string transport)
    {
        var capabilities = await Connect(transport).Node.NodeGetCapabilitiesAsync(new NodeGetCapabilitiesRequest());
        Assert.Equal(
            [NodeServiceCapability.Types.RPC.Types.Type.StageUnstageVolume, NodeServiceCapability.Types.RPC.Types.Type.GetVolumeStats, NodeServiceCapability.Types.RPC.Types.Type.ExpandVolume],
            capabilities.Capabilities.Select(c => c.Rpc.Type));
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task NodePublishVolume_MissingFields_InvalidArgument(string transport)
    {
        var csi = Connect(transport);
        var volume = await csi.Controller.CreateVolumeAsync(Volume(UniqueName("publish-missing"), Size));
        var id = volume.Volume.VolumeId;
        var target = TargetPath(UniqueName("t"));
        await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => csi.Node.NodePublishVolumeAsync(Publish(string.Empty, target)));
        await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => csi.Node.NodePublishVolumeAsync(Publish(id, string.Empty)));
        var noCapability = Publish(id, target);
        noCapability.VolumeCapability = null;
        await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => csi.Node.NodePublishVolumeAsync(noCapability));
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task NodePublishVolume_UnknownVolume_NotFound(string transport)
    {
        var csi = Connect(transport);
        await RpcAssert.FailsWith(StatusCode.NotFound, () => csi.Node.NodePublishVolumeAsync(Publish("vol-none", TargetPath(UniqueName("t")))));
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task NodeUnpublishVolume_MissingFieldsOrUnknownVolume_Fails(string transport)
    {
        var csi = Connect(transport);
        await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => csi.Node.NodeUnpublishVolumeAsync(new NodeUnpublishVolumeRequest { TargetPath = "/tmp/x" }));
        await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => csi.Node.NodeUnpublishVolumeAsync(new NodeUnpublishVolumeRequest { VolumeId = "vol-x" }));
        await RpcAssert.FailsWith(StatusCode.NotFound, () => csi.Node.NodeUnpublishVolumeAsync(new NodeUnpublishVolumeRequest { VolumeId = "vol-none", TargetPath = "/tmp/x" }));
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task NodePublishVolume_TwiceThenUnpublishTwice_IsIdempotent(string transport)
    {
        var csi = Connect(transport);
        var volume = await csi.Controller.CreateVolumeAsync(Volume(UniqueName("publish"), Size));
        var target = TargetPath(UniqueName("t"));
        await csi.Node.NodePublishVolumeAsync(Publish(volume.Volume.VolumeId, target));
        await csi.Node.NodePublishVolumeAsync(Publish(volume.Volume.VolumeId, target));
        Assert.Equal(Size, new FileInfo(Path.Combine(target, "disk.img")).Length);
        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => csi.Controller.DeleteVolumeAsync(new DeleteVolumeRequest { VolumeId = volume.Volume.VolumeId }));

        var readonlyAgain = Publish(volume.Volume.VolumeId, target);
        readonlyAgain.Readonly = true;
        await RpcAssert.FailsWith(StatusCode.AlreadyExists, () => csi.Node.NodePublishVolumeAsync(readonlyAgain));

        await csi.Node.NodeUnpublishVolumeAsync(new NodeUnpublishVolumeRequest { VolumeId = volume.Volume.VolumeId, TargetPath = target });
        await csi.Node.NodeUnpublishVolumeAsync(new NodeUnpublishVolumeRequest { VolumeId = volume.Volume.VolumeId, TargetPath = target });
        Assert.False(Directory.Exists(target));
        await csi.Controller.DeleteVolumeAsync(new DeleteVolumeRequest { VolumeId = volume.Volume.VolumeId });
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task NodeUnpublishVolume_SparseTenGiBBlockVolume_KeepsTheWriteAndRemovesTheFile(string transport)
    {
        const long tenGiB = 10L * 1024 * MiB;
        const long offset = tenGiB - 3 * MiB + 5;
        var csi = Connect(transport);
        var volumeId = (await csi.Controller.CreateVolumeAsync(Volume(UniqueName("sparse"), tenGiB))).Volume.VolumeId;
        var target = TargetPath(UniqueName("b"));
        await csi.Node.NodePublishVolumeAsync(Publish(volumeId, target, block: true));
        await using (var file = new FileStream(target, FileMode.Open, FileAccess.Write))
        {
            file.Seek(offset, SeekOrigin.Begin);
            await file.WriteAsync(new byte[] { 1, 2, 3 });
        }

        await csi.Node.NodeUnpublishVolumeAsync(new NodeUnpublishVolumeRequest { VolumeId = volumeId, TargetPath = target });
        Assert.False(File.Exists(target));

        await csi.Node.NodePublishVolumeAsync(Publish(volumeId, target, block: true));
        var read = new byte[3];
        await using (var file = new FileStream(target, FileMode.Open, FileAccess.Read))
        {
            file.Seek(offset, SeekOrigin.Begin);
            await file.ReadExactlyAsync(read);
        }

        Assert.Equal(new byte[] { 1, 2, 3 }, read);
        await csi.Node.NodeUnpublishVolumeAsync(new NodeUnpublishVolumeRequest { VolumeId = volumeId, TargetPath = target });
        await csi.Controller.DeleteVolumeAsync(new DeleteVolumeRequest { VolumeId = volumeId });
    }
}
