using Harness.Api.KubeVirt;
using Harness.Api.Snapshots;
using Harness.Controller.Tests.World;

namespace Harness.Controller.Tests.Conformance;

/// <summary>§5.1 S23 and §2.3–2.5: the backend-storage claim of a persistent TPM is locked, snapshotted and listed.</summary>
[Collection(WorldCollection.Name)]
public sealed class BackendStorageSnapshotTests(LiveWorldFixture worlds)
{
    private static readonly string[] Disks = ["snapshotablevolume"];

    [SkippableTheory, Worlds]
    public Task S23_RunningVmWithPersistentTpm_BackendVolumeSnapshottedBesideTheDisk(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        await world.CreateBoundClaimsAsync(Disks);
        await world.CreateVmAsync(new VmDefinition("vm1") { Claims = Disks, PersistentTpm = true });
        await world.WaitRunningAsync("vm1");
        var backendClaim = Assert.Single(await world.ClaimsLabelledAsync($"{BackendStorage.VmLabel}=vm1"));
        Assert.StartsWith("persistent-state-for-vm1-", backendClaim.Metadata.Name, StringComparison.Ordinal);
        Assert.Equal("10Mi", backendClaim.Spec.Resources.Requests["storage"].ToString());
        Assert.Equal("VirtualMachine", Assert.Single(backendClaim.Metadata.OwnerReferences).Kind);

        await world.WaitVolumeSnapshotStatusesAsync("vm1", ("snapshotablevolume", true), ("persistent-state-for-vm1", true));
        await world.CreateSnapshotAsync("snap1", "vm1");
        var snapshot = await world.WaitSucceededAsync("snap1");

        Assert.Equal(["snapshotablevolume", "persistent-state-for-vm1"], snapshot.Status!.SnapshotVolumes!.IncludedVolumes!);
        Assert.Null(snapshot.Status.SnapshotVolumes.ExcludedVolumes);
        var content = await world.ContentOfAsync(snapshot);
        var backup = Assert.Single(content!.Spec.VolumeBackups!, b => b.VolumeName == "persistent-state-for-vm1");
        Assert.Equal(backendClaim.Metadata.Name, backup.PersistentVolumeClaim.Metadata.Name);
        Assert.Equal("vm1", backup.PersistentVolumeClaim.Metadata.Labels![BackendStorage.VmLabel]);
        Assert.True((await world.VolumeSnapshotAsync(backup.VolumeSnapshotName!))?.Status?.ReadyToUse);
    });

    [SkippableTheory, Worlds]
    public Task StoppedVmWithPersistentTpmNeverStarted_WaitsForItsBackendClaim(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        await world.CreateBoundClaimsAsync(Disks);
        await world.CreateVmAsync(new VmDefinition("vm1") { Claims = Disks, PersistentTpm = true, RunStrategy = "Halted" });
        await world.CreateSnapshotAsync("snap1", "vm1", failureDeadline: "0s");

        var waiting = await world.WaitForAsync("snapshot waits for the backend claim", async () =>
            await world.SnapshotAsync("snap1") is { Status.Conditions: { } conditions } s
            && conditions.Any(c => c.Reason == $"Source not locked source {world.Namespace}/vm1 volume doesnt exist: persistent-state-for-vm1") ? s : null);

        Assert.Equal(SnapshotApi.PhaseInProgress, waiting.Status!.Phase);
        await world.WaitVolumeSnapshotStatusesAsync("vm1", ("snapshotablevolume", true), ("persistent-state-for-vm1", false));
    });
}
