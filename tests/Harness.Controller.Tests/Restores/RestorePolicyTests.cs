using System.Text.Json.Nodes;
using Harness.Api.Snapshots;
using Harness.Controller.Tests.World;
using Harness.EnvTest.Admission;

namespace Harness.Controller.Tests.Restores;

/// <summary>
/// The target readiness policies (§3.3), volume restore overrides, a restore blocked by an admission webhook and the
/// deletion of a restore in progress (§3.8): §5.2's R26, R27 and R38 and the §5.3 unit behaviours of the policies.
/// </summary>
[Collection(SecondWorldCollection.Name)]
public sealed class RestorePolicyTests(LiveWorldFixture worlds)
{
    private const string WaitReason = "Waiting for target VM to be powered off. Please stop the restore target to proceed with restore";

    [Fact]
    [Trait("DeterministicOnly", "waits a minute after the VM stops")]
    public void FailImmediate_TargetRunning_FailsForGoodEvenAfterTheVmStops()
    {
        var world = new ControllerWorld();
        world.Run(async () =>
        {
            await world.RunningVmWithSnapshotAsync();

            await world.CreateRestoreAsync("restore1", "vm1", "snap1", new JsonObject { ["targetReadinessPolicy"] = SnapshotApi.TargetReadinessFailImmediate });

            const string reason = "Restore target VMI must be powered off before restore operation";
            var failed = await world.WaitForAsync("restore failed", async () => await world.RestoreAsync("restore1") is { Status.Conditions: { } c } r && c.Any(x => x.Type == SnapshotApi.ConditionFailure) ? r : null);
            Assert.Collection(
                failed.Status!.Conditions!,
                c => Assert.Equal((SnapshotApi.ConditionProgressing, SnapshotApi.ConditionFalse, reason), (c.Type, c.Status, c.Reason)),
                c => Assert.Equal((SnapshotApi.ConditionReady, SnapshotApi.ConditionFalse, reason), (c.Type, c.Status, c.Reason)),
                c => Assert.Equal((SnapshotApi.ConditionFailure, SnapshotApi.ConditionTrue, reason), (c.Type, c.Status, c.Reason)));
            Assert.Contains(await world.EventsAboutAsync("restore1"), e => e.Type == "Warning" && e.Reason == SnapshotApi.RestoreFailedEvent);
            await world.StopVmAsync("vm1");
            await world.DelayAsync(TimeSpan.FromMinutes(1));

            var later = await world.RestoreAsync("restore1");
            Assert.NotEqual(true, later!.Status!.Complete);
            Assert.Equal(3, later.Status.Conditions!.Count);
            Assert.Null(later.Status.Restores);
        });
    }

    [Fact]
    [Trait("DeterministicOnly", "waits out the five-minute grace period")]
    public void WaitGracePeriod_TargetStillRunningAfterFiveMinutes_Fails()
    {
        var world = new ControllerWorld();
        world.Run(async () =>
        {
            await world.RunningVmWithSnapshotAsync();

            await world.CreateRestoreAsync("restore1", "vm1", "snap1");
            await world.WaitRestoreReasonAsync("restore1", WaitReason + ", or the operation will fail after 5m0s");

            const string reason = "Restore target failed to be ready within 5m0s. Please power off the target VM before attempting restore";
            var failed = await world.WaitForAsync("restore failed", async () => await world.RestoreAsync("restore1") is { Status.Conditions: { } c } r && c.Any(x => x.Type == SnapshotApi.ConditionFailure && x.Reason == reason) ? r : null);
            Assert.True(world.Time.GetUtcNow().UtcDateTime >= failed.Metadata.CreationTimestamp!.Value.AddMinutes(5));
            Assert.Null((await world.VmAsync("vm1"))!.Status?.RestoreInProgress);
        });
    }

    [Fact]
    [Trait("DeterministicOnly", "waits seven minutes past the grace period")]
    public void WaitEventually_TargetRunningPastTheGracePeriod_WaitsThenCompletes()
    {
        var world = new ControllerWorld();
        world.Run(async () =>
        {
            await world.RunningVmWithSnapshotAsync();

            await world.CreateRestoreAsync("restore1", "vm1", "snap1", new JsonObject { ["targetReadinessPolicy"] = SnapshotApi.TargetReadinessWaitEventually });
            await world.WaitRestoreReasonAsync("restore1", WaitReason);
            await world.DelayAsync(TimeSpan.FromMinutes(7));
            Assert.DoesNotContain((await world.RestoreAsync("restore1"))!.Status!.Conditions!, c => c.Type == SnapshotApi.ConditionFailure);
            await world.SetRunStrategyAsync("vm1", "Halted");

            var restore = await world.WaitRestoreCompleteAsync("restore1", "vm1");
            await world.AssertRestoredDataAsync(restore);
        });
    }

    [SkippableTheory, Worlds]
    public Task R38_StopTargetWithOverrides_StopsTheVmAndRestoresUnderTheOverriddenName(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        await world.RunningVmWithSnapshotAsync();

        await world.CreateRestoreAsync("restore1", "vm1", "snap1", new JsonObject
        {
            ["targetReadinessPolicy"] = SnapshotApi.TargetReadinessStopTarget,
            ["volumeRestoreOverrides"] = new JsonArray(new JsonObject
            {
                ["volumeName"] = "disk-a",
                ["restoreName"] = "new-disk",
                ["labels"] = new JsonObject { ["restore"] = "label" },
                ["annotations"] = new JsonObject { ["restore"] = "annotation" },
            }),
        });
        var restore = await world.WaitRestoreCompleteAsync("restore1", "vm1");

        Assert.Contains(await world.EventsAboutAsync("restore1"), e => e.Reason == SnapshotApi.RestoreTargetNotReadyEvent && e.Message == "Automatically stopping restore target for restore operation");
        Assert.Equal("new-disk", await world.ClaimOfVolumeAsync("vm1", "disk-a"));
        var claim = await world.ClaimAsync("new-disk");
        Assert.Equal("label", claim.Metadata.Labels["restore"]);
        Assert.Equal("annotation", claim.Metadata.Annotations["restore"]);
        Assert.Equal("Halted", (await world.VmAsync("vm1"))!.Spec.RunStrategy);
        await world.AssertRestoredDataAsync(restore);
    });

    [SkippableTheory, Worlds]
    public Task R26_ClaimCreationDeniedByWebhook_ErrorsHoldsTheVmThenCompletesOnceAllowed(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        var webhook = await DenyingClaimWebhook.RegisterOnAsync(world);
        await world.StoppedVmWithSnapshotAsync();
        webhook.Denying = true;

        await world.CreateRestoreAsync("restore1", "vm1", "snap1");
        var blocked = await world.WaitForAsync("restore errored on the webhook", async () =>
            await world.RestoreAsync("restore1") is { Status.Conditions: { } c } r
            && c.Count(x => x.Status == SnapshotApi.ConditionFalse && x.Reason?.Contains(DenyingClaimWebhook.Message, StringComparison.Ordinal) == true) == 2 ? r : null);
        Assert.All(blocked.Status!.Conditions!, c => Assert.EndsWith($"admission webhook \"deny-pvc.harness.io\" denied the request: {DenyingClaimWebhook.Message}", c.Reason, StringComparison.Ordinal));
        Assert.Equal("restore1", (await world.VmAsync("vm1"))!.Status!.RestoreInProgress);
        var start = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => world.SetRunStrategyAsync("vm1", "Always"));
        Assert.Contains("Cannot update VM runStrategy until restore \"restore1\" completes", JsonNode.Parse(start.Response.Content)!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        webhook.Denying = false;

        await world.WaitRestoreCompleteAsync("restore1", "vm1");
        Assert.Null((await world.VmAsync("vm1"))!.Status?.RestoreInProgress);
        await world.StartVmAsync("vm1");
    });

    [SkippableTheory, Worlds]
    public Task R27_RestoreDeletedInProgress_UnmarksTheVmAndReleasesItsFinalizer(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        await StartRestoreHeldByTheWebhookAsync(world, await DenyingClaimWebhook.RegisterOnAsync(world));
        Assert.Contains(SnapshotApi.RestoreProtectionFinalizer, (await world.RestoreAsync("restore1"))!.Metadata.Finalizers);

        await world.DeleteRestoreAsync("restore1");

        await world.WaitForAsync("restore gone", async () => await world.RestoreAsync("restore1") is null ? "gone" : null);
        Assert.Null((await world.VmAsync("vm1"))!.Status?.RestoreInProgress);
        await world.StartVmAsync("vm1");
    });

    [SkippableTheory, Worlds]
    public Task ControllerRestartedWhileTheRestoreErrs_TheNewControllerResumesFromTheStatus(WorldKind kind) => worlds.RunAloneAsync(kind, async world =>
    {
        var webhook = await DenyingClaimWebhook.RegisterOnAsync(world);
        await StartRestoreHeldByTheWebhookAsync(world, webhook);

        await world.RestartControllerAsync();
        webhook.Denying = false;

        var restore = await world.WaitRestoreCompleteAsync("restore1", "vm1");
        Assert.Single(restore.Status!.Restores!);
        Assert.Null((await world.VmAsync("vm1"))!.Status?.RestoreInProgress);
        await world.AssertRestoredDataAsync(restore);
    });

    /// <summary>A stopped VM <c>vm1</c> and its snapshot, then <c>restore1</c> of it created while the webhook denies claims: the VM is marked, no claim restored.</summary>
    private static async Task StartRestoreHeldByTheWebhookAsync(ControllerWorld world, DenyingClaimWebhook webhook)
    {
        await world.StoppedVmWithSnapshotAsync();
        webhook.Denying = true;
        await world.CreateRestoreAsync("restore1", "vm1", "snap1");
        await world.WaitRestoreInProgressAsync("vm1", "restore1");
    }

    /// <summary>A validating webhook that denies claim creation while <see cref="Denying"/>, as upstream's R26 installs one.</summary>
    private sealed class DenyingClaimWebhook : IAdmissionHandler
    {
        public const string Message = "claims are not allowed now";

        public bool Denying { get; set; }

        public static async Task<DenyingClaimWebhook> RegisterOnAsync(ControllerWorld world)
        {
            var webhook = new DenyingClaimWebhook();
            await world.RegisterValidatingAdmissionAsync("deny-pvc.harness.io", [new AdmissionRule(["CREATE"], [""], ["v1"], ["persistentvolumeclaims"])], webhook);
            return webhook;
        }

        public ValueTask<AdmissionResponse> ReviewAsync(AdmissionRequest request, CancellationToken cancellationToken) =>
            ValueTask.FromResult(Denying ? AdmissionResponse.Deny(request.Uid, Message) : AdmissionResponse.Allow(request.Uid));
    }
}
