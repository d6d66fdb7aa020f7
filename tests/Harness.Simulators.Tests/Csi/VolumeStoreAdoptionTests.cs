using Csi.V1;
using Harness.Runtime;
using Harness.Runtime.Randomness;
using Harness.Simulators.Csi;
using Harness.Simulators.Csi.Storage;
using Microsoft.Extensions.Time.Testing;
using static Harness.Simulators.Tests.Csi.CsiRequests;

namespace Harness.Simulators.Tests.Csi;

/// <summary>A backend taking over volumes and snapshots that a loaded dump says exist: served over CSI, restorable, persisted.</summary>
public sealed class VolumeStoreAdoptionTests
{
    private static readonly DateTimeOffset CutAt = new(2026, 3, 1, 10, 1, 0, TimeSpan.Zero);

    [Fact]
    public async Task AdoptVolumeAndSnapshot_ServedOverCsi_AndARestoreHoldsTheSnapshotsContent()
    {
        var csi = new InProcessDriver();

        Assert.True(csi.Driver.Store.AdoptVolume("vol-adopted-1", "pvc-1", 64 * MiB));
        Assert.True(csi.Driver.Store.AdoptSnapshot("snap-adopted-1", "snapshot-1", "vol-adopted-1", 64 * MiB, CutAt));
        Assert.False(csi.Driver.Store.AdoptVolume("vol-adopted-1", "pvc-1", 64 * MiB));
        Assert.False(csi.Driver.Store.AdoptSnapshot("snap-adopted-1", "snapshot-1", "vol-adopted-1", 64 * MiB, CutAt));

        var volume = Assert.Single((await csi.Clients.Controller.ListVolumesAsync(new ListVolumesRequest())).Entries).Volume;
        Assert.Equal(("vol-adopted-1", 64 * MiB), (volume.VolumeId, volume.CapacityBytes));
        var snapshot = Assert.Single((await csi.Clients.Controller.ListSnapshotsAsync(new ListSnapshotsRequest())).Entries).Snapshot;
        Assert.Equal(("snap-adopted-1", "vol-adopted-1", true, 64 * MiB), (snapshot.SnapshotId, snapshot.SourceVolumeId, snapshot.ReadyToUse, snapshot.SizeBytes));
        Assert.Equal(CutAt, snapshot.CreationTime.ToDateTimeOffset());
        var volumeHash = csi.Driver.Store.GetVolumeContentHash("vol-adopted-1");
        Assert.NotEqual(new BlockMap().ComputeHash(), volumeHash);
        Assert.Equal(volumeHash, csi.Driver.Store.GetSnapshotContentHash("snap-adopted-1"));

        var restored = (await csi.Clients.Controller.CreateVolumeAsync(VolumeFromSnapshot("restored", "snap-adopted-1"))).Volume;
        Assert.Equal(volumeHash, csi.Driver.Store.GetVolumeContentHash(restored.VolumeId));
    }

    [Fact]
    public void AdoptSnapshot_SourceNotHeld_GetsContentOfItsOwn()
    {
        var csi = new InProcessDriver();

        csi.Driver.Store.AdoptSnapshot("snap-a", "snapshot-a", "vol-elsewhere", MiB, CutAt);
        csi.Driver.Store.AdoptSnapshot("snap-b", "snapshot-b", "vol-elsewhere", MiB, CutAt);

        Assert.NotEqual(csi.Driver.Store.GetSnapshotContentHash("snap-a"), csi.Driver.Store.GetSnapshotContentHash("snap-b"));
    }

    [Fact]
    public void AdoptVolume_WithAStateDirectory_IsThereForTheNextDriver()
    {
        using var state = new TemporaryDirectory();
        CsiDriverSimulatorOptions Options() => new()
        {
            DriverName = "csi.test.harness",
            StateDirectory = state.Path,
            Runtime = new ComponentRuntime { Time = new FakeTimeProvider(CutAt), Tasks = Task.Factory, Seed = new SimulationSeed(3) },
        };

        new VolumeStore(Options()).AdoptVolume("vol-adopted-1", "pvc-1", MiB);

        Assert.Equal(["vol-adopted-1"], new VolumeStore(Options()).VolumeIds);
    }
}
