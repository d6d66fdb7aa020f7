using Harness.Api.Snapshots;
using Harness.Controller.Tests.World;
using Harness.EnvTest.Admission;
using k8s;

namespace Harness.Controller.Tests.Conformance;

/// <summary>§5.1 S8, S9, S17, S19 and §2.8–2.9: deadline failure, deletion while in progress, deletionPolicy.</summary>
[Collection(WorldCollection.Name)]
public sealed class FailureAndDeletionTests(LiveWorldFixture worlds)
{
    private static readonly string[] Disks = ["disk-a", "disk-b"];

    [Fact]
    [Trait("DeterministicOnly", "registers an in-process admission on the embedded server and waits for a 40-second deadline")]
    public void S19_VolumeSnapshotCreationDenied_FailsAtTheDeadlineContentRemovedVmUnlocked()
    {
        var world = new ControllerWorld();
        world.Run(async () =>
        {
            world.Server.RegisterValidatingAdmission(
                "deny-volumesnapshots.test",
                [new AdmissionRule(["CREATE"], ["snapshot.storage.k8s.io"], ["*"], ["volumesnapshots"])],
                new DenyAll());
            await world.CreateBoundClaimsAsync(Disks);
            await world.CreateVmAsync(new VmDefinition("vm1") { Claims = Disks, RunStrategy = "Halted" });
            var created = await world.CreateSnapshotAsync("snap1", "vm1", failureDeadline: "40s");

            var content = await world.WaitForAsync("content created", () => world.ContentAsync(SnapshotApi.ContentName(created.Metadata.Uid)));
            Assert.Null(content.Status);
            var failed = await world.WaitPhaseAsync("snap1", SnapshotApi.PhaseFailed);

            Assert.Contains(failed.Status!.Conditions!, c => c is { Type: SnapshotApi.ConditionReady, Status: SnapshotApi.ConditionFalse });
            Assert.Contains(failed.Status.Conditions!, c => c is { Type: SnapshotApi.ConditionProgressing, Status: SnapshotApi.ConditionFalse, Reason: SnapshotApi.ReasonOperationFailed });
            Assert.Contains(failed.Status.Conditions!, c => c is { Type: SnapshotApi.ConditionFailure, Status: SnapshotApi.ConditionTrue, Reason: SnapshotApi.ReasonDeadlineExceeded });
            Assert.Null(failed.Status.CreationTime);
            await world.WaitForAsync("content deleted", async () => await world.ContentAsync(content.Metadata.Name) is null ? "gone" : null);
            await world.WaitUnlockedAsync("vm1");
            Assert.Empty(await world.VolumeSnapshotsAsync());
        });
    }

    [Fact]
    [Trait("DeterministicOnly", "holds the guest frozen with two-minute CSI cuts, an in-process driver's fault")]
    public void S8_DeletedWhileFrozen_ThawsUnlocksAndGoes()
    {
        var world = new ControllerWorld();
        world.Run(async () =>
        {
            var created = await SnapshotFrozenBySlowCsiAsync(world);

            await world.DeleteSnapshotAsync("snap1");

            await world.WaitThawedAsync("vm1");
            await world.WaitSnapshotGoneAsync("snap1");
            Assert.Null(await world.ContentAsync(SnapshotApi.ContentName(created.Metadata.Uid)));
            await world.WaitUnlockedAsync("vm1");
            Assert.Equal(["frozen", "thawed"], world.FreezeLog("vm1"));
        });
    }

    [Fact]
    [Trait("DeterministicOnly", "two-minute CSI cuts (an in-process driver's fault) past a 40-second deadline")]
    public void S9_DeadlineWhileFrozen_FailedWithExactlyTheDeadlineConditionsContentDeletedVmiThawed()
    {
        var world = new ControllerWorld();
        world.Run(async () =>
        {
            var created = await SnapshotFrozenBySlowCsiAsync(world, failureDeadline: "40s");
            Assert.Equal(SnapshotApi.PhaseInProgress, (await world.SnapshotAsync("snap1"))!.Status!.Phase);

            var failed = await world.WaitPhaseAsync("snap1", SnapshotApi.PhaseFailed);

            Assert.Collection(
                failed.Status!.Conditions!,
                c => Assert.Equal((SnapshotApi.ConditionProgressing, SnapshotApi.ConditionFalse, SnapshotApi.ReasonOperationFailed), (c.Type, c.Status, c.Reason)),
                c => Assert.Equal((SnapshotApi.ConditionReady, SnapshotApi.ConditionFalse, SnapshotApi.ReasonNotReady), (c.Type, c.Status, c.Reason)),
                c => Assert.Equal((SnapshotApi.ConditionFailure, SnapshotApi.ConditionTrue, SnapshotApi.ReasonDeadlineExceeded), (c.Type, c.Status, c.Reason)));
            Assert.Null(failed.Status.CreationTime);
            await world.WaitForAsync("content deleted", async () => await world.ContentAsync(SnapshotApi.ContentName(created.Metadata.Uid)) is null ? "gone" : null);
            await world.WaitThawedAsync("vm1");
            await world.WaitUnlockedAsync("vm1");
            await world.WaitForAsync("VolumeSnapshots collected", async () => (await world.VolumeSnapshotsAsync()).Count == 0 ? "none" : null);
            Assert.Equal(["frozen", "thawed"], world.FreezeLog("vm1"));
            Assert.Equal(SnapshotApi.PhaseFailed, (await world.SnapshotAsync("snap1"))!.Status!.Phase);
        });
    }

    [SkippableTheory, Worlds]
    public Task DeletionPolicyRetain_SucceededSnapshotDeleted_ContentAndVolumeSnapshotsKept(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        await world.CreateBoundClaimsAsync(Disks);
        await world.CreateVmAsync(new VmDefinition("vm1") { Claims = Disks, RunStrategy = "Halted" });
        var created = await world.CreateSnapshotAsync("snap1", "vm1", deletionPolicy: SnapshotApi.DeletionPolicyRetain);
        await world.WaitSucceededAsync("snap1");

        await world.DeleteSnapshotAsync("snap1");
        await world.WaitSnapshotGoneAsync("snap1");

        var content = await world.WaitForAsync("content released", async () =>
            await world.ContentAsync(SnapshotApi.ContentName(created.Metadata.Uid)) is { } c && c.Metadata.Finalizers?.Contains(SnapshotApi.ContentProtectionFinalizer) != true ? c : null);
        Assert.Null(content.Metadata.DeletionTimestamp);
        Assert.Equal(Disks.Length, (await world.VolumeSnapshotsAsync()).Count);
        await world.WaitUnlockedAsync("vm1");
    });

    [SkippableTheory, Worlds]
    public Task DeletionPolicyDelete_SucceededSnapshotDeleted_ContentGoes(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        await world.CreateBoundClaimsAsync(Disks);
        await world.CreateVmAsync(new VmDefinition("vm1") { Claims = Disks, RunStrategy = "Halted" });
        var created = await world.CreateSnapshotAsync("snap1", "vm1");
        await world.WaitSucceededAsync("snap1");

        await world.DeleteSnapshotAsync("snap1");

        await world.WaitSnapshotGoneAsync("snap1");
        await world.WaitForAsync("content deleted", async () => await world.ContentAsync(SnapshotApi.ContentName(created.Metadata.Uid)) is null ? "gone" : null);
    });

    [Fact]
    [Trait("DeterministicOnly", "waits 30 seconds for the controller's periodic check")]
    public void S17_VolumeSnapshotDeletedAfterSuccess_NotReadyMissingErrorAndWarning()
    {
        var world = new ControllerWorld();
        world.Run(async () =>
        {
            await world.CreateBoundClaimsAsync(Disks);
            await world.CreateVmAsync(new VmDefinition("vm1") { Claims = Disks, RunStrategy = "Halted" });
            var created = await world.CreateSnapshotAsync("snap1", "vm1");
            await world.WaitSucceededAsync("snap1");
            var lost = SnapshotApi.VolumeSnapshotName(created.Metadata.Uid, Disks[0]);

            await world.Client.CustomObjects.DeleteNamespacedCustomObjectAsync("snapshot.storage.k8s.io", "v1", world.Namespace, "volumesnapshots", lost);

            var snapshot = await world.WaitForAsync("snapshot not ready", async () => await world.SnapshotAsync("snap1") is { Status.ReadyToUse: false } s ? s : null);
            Assert.Equal(SnapshotApi.PhaseSucceeded, snapshot.Status!.Phase);
            Assert.Equal($"VolumeSnapshots ({lost}) missing", snapshot.Status.Error!.Message);
            Assert.Contains(snapshot.Status.Conditions!, c => c is { Type: SnapshotApi.ConditionReady, Status: SnapshotApi.ConditionFalse, Reason: SnapshotApi.ReasonNotReady });
            Assert.Contains(await world.EventsAboutAsync(SnapshotApi.ContentName(created.Metadata.Uid)), e => e is { Reason: SnapshotApi.VolumeSnapshotMissingEvent, Type: "Warning" });
            await world.DelayAsync(TimeSpan.FromSeconds(30));
            Assert.Null(await world.VolumeSnapshotAsync(lost));
        });
    }

    /// <summary>
    /// A running VM with a guest agent and two claims whose CSI driver takes two minutes to cut a snapshot, and its
    /// snapshot <c>snap1</c>, frozen waiting for the cut.
    /// </summary>
    private static async Task<VirtualMachineSnapshot> SnapshotFrozenBySlowCsiAsync(ControllerWorld world, string? failureDeadline = null)
    {
        world.SlowSnapshotCuts(TimeSpan.FromMinutes(2));
        await world.CreateBoundClaimsAsync(Disks);
        await world.CreateVmAsync(new VmDefinition("vm1") { Claims = Disks });
        await world.WaitRunningAsync("vm1");
        var created = await world.CreateSnapshotAsync("snap1", "vm1", failureDeadline);
        await world.WaitFrozenAsync("vm1");
        return created;
    }

    private sealed class DenyAll : IAdmissionHandler
    {
        public ValueTask<AdmissionResponse> ReviewAsync(AdmissionRequest request, CancellationToken cancellationToken) =>
            ValueTask.FromResult(AdmissionResponse.Deny(request.Uid, "VolumeSnapshots are denied by the test"));
    }
}
