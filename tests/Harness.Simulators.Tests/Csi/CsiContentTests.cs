using Csi.V1;
using static Harness.Simulators.Tests.Csi.CsiRequests;

namespace Harness.Simulators.Tests.Csi;

/// <summary>Snapshot content over both transports: a guest writes through the published file, snapshots cut it, restores get it back.</summary>
public sealed class CsiContentTests(DriverProcessFixture process) : IClassFixture<DriverProcessFixture>
{
    private const long Size = 4 * MiB;

    public static TheoryData<string> Transports => ["socket", "in-process"];

    private CsiClients Connect(string transport) => transport == "socket" ? process.Clients : new InProcessDriver().Clients;

    private string TargetPath(string name) => Path.Combine(process.Directory, "targets", name);

    [Theory, MemberData(nameof(Transports))]
    public async Task CreateVolume_FromSnapshot_HasContentAtTheCutNotLaterWrites(string transport)
    {
        var csi = Connect(transport);
        var source = (await csi.Controller.CreateVolumeAsync(Volume(UniqueName("content-source"), Size))).Volume.VolumeId;
        var target = TargetPath(UniqueName("source"));
        await csi.Node.NodePublishVolumeAsync(Publish(source, target));
        var disk = Path.Combine(target, "disk.img");
        var before = Pattern(Size, seed: 1);
        await File.WriteAllBytesAsync(disk, before);

        var snapshot = (await csi.Controller.CreateSnapshotAsync(Snapshot(UniqueName("content-snap"), source))).Snapshot;
        var after = Pattern(Size, seed: 2);
        await File.WriteAllBytesAsync(disk, after);
        await csi.Node.NodeUnpublishVolumeAsync(new NodeUnpublishVolumeRequest { VolumeId = source, TargetPath = target });

        var restored = (await csi.Controller.CreateVolumeAsync(VolumeFromSnapshot(UniqueName("content-restored"), snapshot.SnapshotId, Size))).Volume;
        Assert.Equal(snapshot.SnapshotId, restored.ContentSource.Snapshot.SnapshotId);
        Assert.Equal(before, await ReadPublishedAsync(csi, restored.VolumeId));
        Assert.Equal(after, await ReadPublishedAsync(csi, source));
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task CreateVolume_Clone_HasSourceContent(string transport)
    {
        var csi = Connect(transport);
        var source = (await csi.Controller.CreateVolumeAsync(Volume(UniqueName("clone-source"), Size))).Volume.VolumeId;
        var target = TargetPath(UniqueName("clone"));
        await csi.Node.NodePublishVolumeAsync(Publish(source, target, block: true));
        var content = Pattern(Size, seed: 3);
        await File.WriteAllBytesAsync(target, content);
        await csi.Node.NodeUnpublishVolumeAsync(new NodeUnpublishVolumeRequest { VolumeId = source, TargetPath = target });

        var clone = (await csi.Controller.CreateVolumeAsync(VolumeFromVolume(UniqueName("clone"), source))).Volume;
        Assert.Equal(Size, clone.CapacityBytes);
        Assert.Equal(content, await ReadPublishedAsync(csi, clone.VolumeId));
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task CreateVolume_FromSnapshotSmallerThanSnapshot_OutOfRange(string transport)
    {
        var csi = Connect(transport);
        var source = (await csi.Controller.CreateVolumeAsync(Volume(UniqueName("small-source"), Size))).Volume.VolumeId;
        var snapshot = (await csi.Controller.CreateSnapshotAsync(Snapshot(UniqueName("small-snap"), source))).Snapshot;
        await RpcAssert.FailsWith(Grpc.Core.StatusCode.OutOfRange, () => csi.Controller.CreateVolumeAsync(VolumeFromSnapshot(UniqueName("too-small"), snapshot.SnapshotId, Size / 2)));
        var larger = (await csi.Controller.CreateVolumeAsync(VolumeFromSnapshot(UniqueName("larger"), snapshot.SnapshotId, 2 * Size))).Volume;
        Assert.Equal(2 * Size, larger.CapacityBytes);
        var unspecified = (await csi.Controller.CreateVolumeAsync(VolumeFromSnapshot(UniqueName("unspecified"), snapshot.SnapshotId))).Volume;
        Assert.Equal(Size, unspecified.CapacityBytes);
    }

    private async Task<byte[]> ReadPublishedAsync(CsiClients csi, string volumeId)
    {
        var target = TargetPath(UniqueName("read"));
        await csi.Node.NodePublishVolumeAsync(Publish(volumeId, target, block: true));
        var bytes = await File.ReadAllBytesAsync(target);
        await csi.Node.NodeUnpublishVolumeAsync(new NodeUnpublishVolumeRequest { VolumeId = volumeId, TargetPath = target });
        return bytes;
    }

    /// <summary>Sparse-looking content: a few non-zero stretches, the rest zeros.</summary>
    internal static byte[] Pattern(long size, int seed)
    {
        var bytes = new byte[size];
        var random = new Random(seed);
        for (var stretch = 0; stretch < 8; stretch++)
        {
            var offset = random.NextInt64(size - 10_000);
            random.NextBytes(bytes.AsSpan((int)offset, random.Next(1, 10_000)));
        }

        return bytes;
    }
}
