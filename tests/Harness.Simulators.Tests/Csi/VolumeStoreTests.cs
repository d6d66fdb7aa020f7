using Harness.Simulators.Csi;
using Harness.Simulators.Csi.Storage;
using static Harness.Simulators.Tests.Csi.CsiRequests;

namespace Harness.Simulators.Tests.Csi;

public sealed class VolumeStoreTests
{
    private const long Size = 4 * MiB;

    [Fact]
    public async Task Open_WriteThenRead_ReturnsWrittenBytesAndZerosElsewhere()
    {
        var csi = new InProcessDriver();
        var volumeId = (await csi.Clients.Controller.CreateVolumeAsync(Volume("device", Size))).Volume.VolumeId;
        var device = csi.Driver.Store.Open(volumeId);
        Assert.Equal(Size, device.Size);

        await device.WriteAsync(4090, new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 });
        var read = new byte[20];
        await device.ReadAsync(4085, read);

        Assert.Equal(new byte[] { 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0, 0, 0, 0, 0 }, read);
    }

    [Fact]
    public async Task ContentHash_SameBytesOnDifferentVolumes_AreEqualAndZerosDoNotCount()
    {
        var csi = new InProcessDriver();
        var one = csi.Driver.Store.Open((await csi.Clients.Controller.CreateVolumeAsync(Volume("hash-one", Size))).Volume.VolumeId);
        var two = csi.Driver.Store.Open((await csi.Clients.Controller.CreateVolumeAsync(Volume("hash-two", 2 * Size))).Volume.VolumeId);
        var empty = one.ContentHash;

        await one.WriteAsync(100, "journal"u8.ToArray());
        Assert.NotEqual(empty, one.ContentHash);
        await two.WriteAsync(100, "journal"u8.ToArray());
        Assert.Equal(one.ContentHash, two.ContentHash);

        await one.WriteAsync(100, new byte[7]);
        Assert.Equal(empty, one.ContentHash);
    }

    [Fact]
    public async Task WriteAsync_OutsideTheDevice_Throws()
    {
        var csi = new InProcessDriver();
        var device = csi.Driver.Store.Open((await csi.Clients.Controller.CreateVolumeAsync(Volume("bounds", Size))).Volume.VolumeId);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await device.WriteAsync(Size - 2, new byte[3]));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await device.WriteAsync(-1, new byte[1]));
    }

    [Fact]
    public void Open_UnknownVolume_Throws()
    {
        var csi = new InProcessDriver();
        Assert.Throws<KeyNotFoundException>(() => csi.Driver.Store.Open("vol-none"));
    }

    [Fact]
    public async Task Open_PublishedVolume_ThrowsBecauseTheFileHoldsTheContent()
    {
        using var directory = new TemporaryDirectory();
        var csi = new InProcessDriver();
        var volumeId = (await csi.Clients.Controller.CreateVolumeAsync(Volume("published", Size))).Volume.VolumeId;
        await csi.Clients.Node.NodePublishVolumeAsync(Publish(volumeId, directory.Combine("target")));
        var error = Assert.Throws<InvalidOperationException>(() => csi.Driver.Store.Open(volumeId));
        Assert.Contains("published", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateSnapshot_WritesAfterTheCut_DoNotReachTheSnapshotOrItsRestore()
    {
        var csi = new InProcessDriver();
        var volumeId = (await csi.Clients.Controller.CreateVolumeAsync(Volume("cow", Size))).Volume.VolumeId;
        var device = csi.Driver.Store.Open(volumeId);
        await device.WriteAsync(0, "record 1"u8.ToArray());
        var atCut = device.ContentHash;

        var snapshotId = (await csi.Clients.Controller.CreateSnapshotAsync(Snapshot("cow-snap", volumeId))).Snapshot.SnapshotId;
        await device.WriteAsync(0, "record 2"u8.ToArray());
        await device.WriteAsync(Size - 8, "record 3"u8.ToArray());

        Assert.Equal(atCut, csi.Driver.Store.GetSnapshotContentHash(snapshotId));
        var restored = (await csi.Clients.Controller.CreateVolumeAsync(VolumeFromSnapshot("cow-restored", snapshotId))).Volume.VolumeId;
        Assert.Equal(atCut, csi.Driver.Store.GetVolumeContentHash(restored));
        Assert.NotEqual(atCut, device.ContentHash);
    }

    [Fact]
    public async Task CreateSnapshot_RestoreSizeRounding_RoundsSizeAndRestoreNeedsTheRoundedCapacity()
    {
        var csi = new InProcessDriver(options => options.RestoreSizeRoundingBytes = CsiConstants.GiB);
        var volumeId = (await csi.Clients.Controller.CreateVolumeAsync(Volume("round", 1536 * MiB))).Volume.VolumeId;
        var snapshot = (await csi.Clients.Controller.CreateSnapshotAsync(Snapshot("round-snap", volumeId))).Snapshot;

        Assert.Equal(2 * CsiConstants.GiB, snapshot.SizeBytes);
        await RpcAssert.FailsWith(Grpc.Core.StatusCode.OutOfRange, () => csi.Clients.Controller.CreateVolumeAsync(VolumeFromSnapshot("round-same", snapshot.SnapshotId, 1536 * MiB)));
        var restored = (await csi.Clients.Controller.CreateVolumeAsync(VolumeFromSnapshot("round-up", snapshot.SnapshotId, 2 * CsiConstants.GiB))).Volume;
        Assert.Equal(2 * CsiConstants.GiB, restored.CapacityBytes);
    }

    [Fact]
    public async Task Constructor_SameStateDirectory_RestoresVolumesSnapshotsAndContent()
    {
        using var directory = new TemporaryDirectory();
        var first = new InProcessDriver(options => options.StateDirectory = directory.Path);
        var volumeId = (await first.Clients.Controller.CreateVolumeAsync(Volume("persisted", Size))).Volume.VolumeId;
        var device = first.Driver.Store.Open(volumeId);
        await device.WriteAsync(12345, "persisted bytes"u8.ToArray());
        var snapshot = (await first.Clients.Controller.CreateSnapshotAsync(Snapshot("persisted-snap", volumeId))).Snapshot;
        await device.WriteAsync(0, "after the cut"u8.ToArray());

        var second = new InProcessDriver(options => options.StateDirectory = directory.Path);

        Assert.Equal(first.Driver.Store.VolumeIds, second.Driver.Store.VolumeIds);
        Assert.Equal(device.ContentHash, second.Driver.Store.GetVolumeContentHash(volumeId));
        Assert.Equal(first.Driver.Store.GetSnapshotContentHash(snapshot.SnapshotId), second.Driver.Store.GetSnapshotContentHash(snapshot.SnapshotId));
        var again = (await second.Clients.Controller.CreateSnapshotAsync(Snapshot("persisted-snap", volumeId))).Snapshot;
        Assert.Equal(snapshot, again);
    }

    [Fact]
    public void Constructor_CorruptStateFile_ThrowsNamingTheFile()
    {
        using var directory = new TemporaryDirectory();
        File.WriteAllText(directory.Combine("csi-driver-state.json"), "{ not json");
        var error = Assert.Throws<InvalidDataException>(() => new InProcessDriver(options => options.StateDirectory = directory.Path));
        Assert.Contains("csi-driver-state.json", error.Message, StringComparison.Ordinal);
    }
}
