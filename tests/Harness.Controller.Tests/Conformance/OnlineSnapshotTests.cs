using Harness.Api.Snapshots;
using Harness.Controller.Tests.World;
using k8s;

namespace Harness.Controller.Tests.Conformance;

/// <summary>§5.1 cases on running VMs: S2, S5, S6, S7, S10, S12 in both worlds, and QuiesceTimeout (§2.6 step 5).</summary>
[Collection(WorldCollection.Name)]
public sealed class OnlineSnapshotTests(LiveWorldFixture worlds)
{
    private static readonly string[] Disks = ["disk-a", "disk-b"];

    [SkippableTheory, Worlds]
    public Task S2_RunningSimpleVmWithoutAgent_NoGuestAgentAndOnline(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        await world.CreateVmAsync(new VmDefinition("vm1") { WithContainerDisk = true, GuestAgent = false });
        await world.WaitVmiRunningAsync("vm1");
        await world.CreateSnapshotAsync("snap1", "vm1");

        var snapshot = await world.WaitSucceededAsync("snap1");

        Assert.Equal([SnapshotApi.IndicationNoGuestAgent, SnapshotApi.IndicationOnline], snapshot.Status!.Indications!);
        Assert.Equal([SnapshotApi.IndicationNoGuestAgent, SnapshotApi.IndicationOnline], snapshot.Status.SourceIndications!.Select(i => i.Indication));
        var content = await world.ContentOfAsync(snapshot);
        Assert.Null(content!.Spec.VolumeBackups);
        Assert.Equal(["disk0", "cloudinit"], content.Spec.Source.VirtualMachine!.Spec.Template!.Spec!.Volumes!.Select(v => v.Name));
    });

    [SkippableTheory, Worlds]
    public Task S5_RunningVmWithGuestAgent_FreezesOnceThawsOnceAndTheRestoredJournalIsConsistent(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        await world.CreateBoundClaimsAsync(Disks);
        await world.CreateVmAsync(new VmDefinition("vm1") { Claims = Disks });
        await world.WaitRunningAsync("vm1");
        await world.Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new k8s.Models.V1Patch("{\"spec\":{\"template\":{\"spec\":{\"domain\":{\"resources\":{\"requests\":{\"memory\":\"256Mi\"}}}}}}}", k8s.Models.V1Patch.PatchType.MergePatch),
            "kubevirt.io", "v1", world.Namespace, "virtualmachines", "vm1");
        var created = await world.CreateSnapshotAsync("snap1", "vm1");

        var snapshot = await world.WaitSucceededAsync("snap1");

        Assert.Equal([SnapshotApi.IndicationGuestAgent, SnapshotApi.IndicationOnline], snapshot.Status!.Indications!);
        Assert.Equal([SnapshotApi.ConditionProgressing, SnapshotApi.ConditionReady], snapshot.Status.Conditions!.Select(c => c.Type));
        Assert.NotNull(snapshot.Status.CreationTime);
        Assert.Equal(["frozen", "thawed"], world.FreezeLog("vm1"));
        var content = await world.ContentOfAsync(snapshot);
        Assert.Equal(Disks.Length, content!.Spec.VolumeBackups!.Count);
        Assert.Equal("128Mi", content.Spec.Source.VirtualMachine!.Spec.Template!.Spec!.Domain!.Resources!.Requests!["memory"]);
        var names = Disks.Select(d => SnapshotApi.VolumeSnapshotName(created.Metadata.Uid, d)).ToArray();
        var journal = await world.RestoreAndCheckJournalAsync(names);
        Assert.True(journal.IsConsistent, string.Join("; ", journal.Problems));
        Assert.True(journal.LastCommitted >= 5);
    });

    [SkippableTheory, Worlds]
    public Task S6_RunningVmWithoutGuestAgent_BestEffortNoFreeze(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        await world.CreateBoundClaimsAsync(Disks);
        await world.CreateVmAsync(new VmDefinition("vm1") { Claims = Disks, GuestAgent = false });
        await world.WaitVmiRunningAsync("vm1");
        await world.CreateSnapshotAsync("snap1", "vm1");

        var snapshot = await world.WaitSucceededAsync("snap1");

        Assert.Equal([SnapshotApi.IndicationNoGuestAgent, SnapshotApi.IndicationOnline], snapshot.Status!.Indications!);
        Assert.NotNull(snapshot.Status.CreationTime);
        Assert.Empty(world.FreezeLog("vm1"));
        Assert.Equal(Disks.Length, (await world.ContentOfAsync(snapshot))!.Spec.VolumeBackups!.Count);
    });

    [SkippableTheory, Worlds]
    public Task S7_RunningVmWithAgentButNoClaims_NotFrozen(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        await world.CreateVmAsync(new VmDefinition("vm1") { WithContainerDisk = true });
        await world.WaitForAsync("VMI with agent", async () => await world.VmiAsync("vm1") is { Status.Conditions: { } c } vmi && c.Any(x => x.Type == "AgentConnected") ? vmi : null);
        await world.CreateSnapshotAsync("snap1", "vm1");

        var snapshot = await world.WaitSucceededAsync("snap1");

        Assert.Equal([SnapshotApi.IndicationGuestAgent, SnapshotApi.IndicationOnline], snapshot.Status!.Indications!);
        Assert.Empty(world.FreezeLog("vm1"));
        Assert.Null((await world.ContentOfAsync(snapshot))!.Spec.VolumeBackups);
    });

    [SkippableTheory, Worlds]
    public Task S10_PausedVmWithGuestAgent_NotFrozenAndPausedIndication(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        await world.CreateBoundClaimsAsync(Disks);
        await world.CreateVmAsync(new VmDefinition("vm1") { Claims = Disks });
        await world.WaitRunningAsync("vm1");
        Assert.Equal(200, await world.SubresourceAsync("virtualmachineinstances", "vm1", "pause"));
        await world.WaitForAsync("VMI paused", async () => await world.VmiAsync("vm1") is { Status.Conditions: { } c } vmi && c.Any(x => x is { Type: "Paused", Status: "True" }) ? vmi : null);
        await world.CreateSnapshotAsync("snap1", "vm1");

        var snapshot = await world.WaitSucceededAsync("snap1");

        Assert.Contains(SnapshotApi.IndicationOnline, snapshot.Status!.Indications!);
        Assert.Contains(SnapshotApi.IndicationPaused, snapshot.Status.Indications!);
        Assert.DoesNotContain(SnapshotApi.IndicationGuestAgent, snapshot.Status.Indications!);
        Assert.Empty(world.FreezeLog("vm1"));
        Assert.Equal(Disks.Length, (await world.ContentOfAsync(snapshot))!.Spec.VolumeBackups!.Count);
    });

    [SkippableTheory, Worlds]
    public Task S12_FreezeFails_InErrorStateRetriedUntilTheDeadline(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        await world.CreateBoundClaimsAsync(Disks);
        await world.CreateVmAsync(new VmDefinition("vm1") { Claims = Disks, TemplateAnnotations = new Dictionary<string, string> { ["harness.kubevirt.io/guest-freeze-fail"] = "true" } });
        await world.WaitRunningAsync("vm1");
        await world.CreateSnapshotAsync("snap1", "vm1");

        var snapshot = await world.WaitForAsync("snapshot in error", async () =>
            await world.SnapshotAsync("snap1") is { Status.Error: not null } s ? s : null);

        Assert.Equal(SnapshotApi.PhaseInProgress, snapshot.Status!.Phase);
        Assert.Null(snapshot.Status.CreationTime);
        Assert.Contains(snapshot.Status.Conditions!, c => c is { Type: SnapshotApi.ConditionProgressing, Status: SnapshotApi.ConditionFalse, Reason: SnapshotApi.ReasonInErrorState });
        Assert.Contains(snapshot.Status.Conditions!, c => c is { Type: SnapshotApi.ConditionReady, Status: SnapshotApi.ConditionFalse, Reason: SnapshotApi.ReasonNotReady });
        Assert.Contains("freeze", snapshot.Status.Error!.Message!, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(await world.EventsAboutAsync("vm1"), e => e.Reason == SnapshotApi.FreezeErrorEvent && e.Type == "Warning");
        Assert.Empty(await world.VolumeSnapshotsAsync());
    });

    [Fact]
    [Trait("DeterministicOnly", "30-second CSI cuts (an in-process driver's fault) past a 10-second thaw limit: a minute of real time live")]
    public void QuiesceTimeout_WindowsVssThawTooLate_InErrorStateThenSucceededWithQuiesceTimeoutKept()
    {
        var world = new ControllerWorld();
        world.Run(async () =>
        {
            world.SlowSnapshotCuts(TimeSpan.FromSeconds(30));
            await world.CreateBoundClaimsAsync(Disks);
            await world.CreateVmAsync(new VmDefinition("vm1") { Claims = Disks, TemplateAnnotations = new Dictionary<string, string> { ["harness.kubevirt.io/guest-thaw-limit"] = "10s" } });
            await world.WaitRunningAsync("vm1");
            await world.CreateSnapshotAsync("snap1", "vm1");

            var inError = await world.WaitForAsync("thaw refused", async () =>
                await world.SnapshotAsync("snap1") is { Status.Error.Message: { } message } s && message.Contains(SnapshotApi.FreezeLimitedText, StringComparison.Ordinal) ? s : null);

            Assert.Equal(SnapshotApi.PhaseInProgress, inError.Status!.Phase);
            Assert.Null(inError.Status.CreationTime);
            Assert.Contains(inError.Status.Conditions!, c => c is { Type: SnapshotApi.ConditionProgressing, Status: SnapshotApi.ConditionFalse, Reason: SnapshotApi.ReasonInErrorState });
            Assert.Contains(SnapshotApi.IndicationQuiesceTimeout, inError.Status.Indications!);
            var snapshot = await world.WaitSucceededAsync("snap1");
            Assert.Equal([SnapshotApi.IndicationGuestAgent, SnapshotApi.IndicationOnline, SnapshotApi.IndicationQuiesceTimeout], snapshot.Status!.Indications!);
            Assert.Contains(snapshot.Status.SourceIndications!, i => i.Indication == SnapshotApi.IndicationQuiesceTimeout);
            Assert.Null(snapshot.Status.Error);
            Assert.Null((await world.VmiAsync("vm1"))!.Status!.FsFreezeStatus);
        });
    }
}
