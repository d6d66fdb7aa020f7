using Harness.Api.KubeVirt;
using Harness.Api.Snapshots;
using Harness.Controller.Tests.World;

namespace Harness.Controller.Tests.Restores;

/// <summary>§5.2 R24 and R25: a VM with a persistent TPM restored in place gets its backend claim back from the snapshot.</summary>
[Collection(SecondWorldCollection.Name)]
public sealed class BackendStorageRestoreTests(LiveWorldFixture worlds)
{
    private const string BackendVolume = "persistent-state-for-vm1";

    [SkippableTheory, Worlds]
    public Task R24_PersistentTpmOfflineSnapshotRestoredInPlace_BackendClaimRestoredAndTheOriginalDeleted(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        var original = await StartedVmWithPersistentTpmAsync(world);
        await world.StopVmAsync("vm1");
        await world.TakeSnapshotAsync("snap1", "vm1");

        await AssertRestoredInPlaceAsync(world, original);
    });

    [SkippableTheory, Worlds]
    public Task R25_PersistentTpmOnlineSnapshotRestoredInPlace_BackendClaimRestoredAndTheOriginalDeleted(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        var original = await StartedVmWithPersistentTpmAsync(world);
        await world.TakeSnapshotAsync("snap1", "vm1");
        await world.StopVmAsync("vm1");

        await AssertRestoredInPlaceAsync(world, original);
    });

    private static async Task<string> StartedVmWithPersistentTpmAsync(ControllerWorld world)
    {
        await world.CreateBoundClaimsAsync("disk-a");
        await world.CreateVmAsync(new VmDefinition("vm1") { Claims = ["disk-a"], PersistentTpm = true });
        await world.WaitRunningAsync("vm1");
        return Assert.Single(await world.ClaimsLabelledAsync($"{BackendStorage.VmLabel}=vm1")).Metadata.Name;
    }

    private static async Task AssertRestoredInPlaceAsync(ControllerWorld world, string originalBackendClaim)
    {
        await world.CreateRestoreAsync("restore1", "vm1", "snap1");
        var restore = await world.WaitRestoreCompleteAsync("restore1", "vm1");

        Assert.Equal(["disk-a", BackendVolume], restore.Status!.Restores!.Select(r => r.VolumeName).Order(StringComparer.Ordinal));
        var restoredBackend = restore.Status.Restores!.Single(r => r.VolumeName == BackendVolume).PersistentVolumeClaim;
        var labelled = Assert.Single(await world.ClaimsLabelledAsync($"{BackendStorage.VmLabel}=vm1"));
        Assert.Equal(restoredBackend, labelled.Metadata.Name);
        await world.WaitForAsync("the original backend claim deleted", async () =>
            (await world.ClaimsLabelledAsync($"{SnapshotApi.CleanupBackendPvcLabel}={BackendStorage.LegacyClaimName("vm1")}"))
                .All(c => c.Metadata.Name != originalBackendClaim || c.Metadata.DeletionTimestamp is not null) ? "deleted" : null);
        await world.AssertRestoredDataAsync(restore);

        await world.StartVmAsync("vm1");
        var vmi = await world.WaitVmiRunningAsync("vm1");
        Assert.Contains(vmi.Status!.VolumeStatus!, v => v.Name == restoredBackend);
    }
}
