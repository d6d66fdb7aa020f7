using Grpc.Core;
using k8s;
using Harness.Simulators.Csi.Provisioner;
using Harness.Simulators.Csi.Snapshotter;
using Harness.Api.SnapshotStorage;
using k8s.Models;
using Harness.EnvTest.Tests.Backends;

namespace Harness.Simulators.Tests.Csi.Sidecars;

/// <summary>The snapshotter (and restores through the provisioner) against the embedded API server, on the deterministic scheduler.</summary>
[Collection(SidecarCollection.Name)]
public sealed class CsiSnapshotterIntegrationTests(SidecarWorlds sidecars)
{
    private const string DriverA = "csi.a.harness";
    private const string DriverB = "csi.b.harness";
    private const string PlainDriver = "csi.plain.harness";

    [SkippableTheory, Backends]
    public async Task VolumeSnapshot_DefaultClass_ReadyWithContentFinalizersAndStatus(Backend backend)
    {
        var world = await sidecars.CreateAsync(backend, 0x5A01, new DriverSpec(DriverA));
        await world.RunAsync(async () =>
        {
            await world.CreateStorageClassAsync("fast", DriverA);
            await world.CreateSnapshotClassAsync("snaps", DriverA);
            await BoundClaimAsync(world, "disk", "fast");
            var vs = await world.CreateVolumeSnapshotAsync("snap", "disk");

            var ready = await ReadyAsync(world, "snap");

            var contentName = $"snapcontent-{vs.Metadata.Uid}";
            Assert.Equal(contentName, ready.Status!.BoundVolumeSnapshotContentName);
            Assert.Equal(64L * 1024 * 1024, ready.Status.RestoreSize!.Value.ToInt64());
            Assert.NotNull(ready.Status.CreationTime);
            Assert.Null(ready.Status.Error);
            Assert.Contains(SnapshotStorageApi.VolumeSnapshotAsSourceProtectionFinalizer, ready.Metadata.Finalizers);
            Assert.Contains(SnapshotStorageApi.VolumeSnapshotBoundProtectionFinalizer, ready.Metadata.Finalizers);
            var content = (await world.GetContentAsync(contentName))!;
            Assert.Equal("snaps", content.Spec.VolumeSnapshotClassName);
            Assert.Equal(vs.Metadata.Uid, content.Spec.VolumeSnapshotRef!.Uid);
            Assert.Equal(SnapshotStorageApi.DeletionPolicyDelete, content.Spec.DeletionPolicy);
            Assert.Contains(SnapshotStorageApi.VolumeSnapshotContentBoundProtectionFinalizer, content.Metadata.Finalizers);
            Assert.True(content.Status!.ReadyToUse);
            Assert.Equal([content.Status.SnapshotHandle!], world.Driver(DriverA).Store.SnapshotIds);
            await world.WaitForAsync("pvc-as-source-protection released", async () =>
                await world.GetClaimAsync("disk") is { } pvc && pvc.Metadata.Finalizers?.Contains(SnapshotStorageApi.PvcAsSourceProtectionFinalizer) != true ? pvc : null);
        });
    }

    [SkippableTheory, Backends]
    public async Task ClaimFromSnapshot_RestoredVolume_HoldsTheContentAtTheCut(Backend backend)
    {
        var world = await sidecars.CreateAsync(backend, 0x5A02, new DriverSpec(DriverA));
        await world.RunAsync(async () =>
        {
            await world.CreateStorageClassAsync("fast", DriverA);
            await world.CreateSnapshotClassAsync("snaps", DriverA);
            var source = await BoundClaimAsync(world, "disk", "fast");
            var device = world.Driver(DriverA).Store.Open((await world.GetVolumeAsync(source.Spec.VolumeName))!.Spec.Csi.VolumeHandle);
            await device.WriteAsync(8192, "committed before the snapshot"u8.ToArray());
            var atCut = device.ContentHash;

            await world.CreateVolumeSnapshotAsync("snap", "disk");
            var ready = await ReadyAsync(world, "snap");
            await device.WriteAsync(8192, "written after the snapshot!!!"u8.ToArray());
            var content = (await world.GetContentAsync(ready.Status!.BoundVolumeSnapshotContentName!))!;
            Assert.Equal(atCut, world.Driver(DriverA).Store.GetSnapshotContentHash(content.Status!.SnapshotHandle!));

            await world.CreateClaimAsync("restored", "fast", "64Mi", fromSnapshot: "snap");
            var restored = await world.WaitForAsync("restored PVC Bound", async () => await world.GetClaimAsync("restored") is { Status.Phase: "Bound" } c ? c : null);

            var restoredHandle = (await world.GetVolumeAsync(restored.Spec.VolumeName))!.Spec.Csi.VolumeHandle;
            Assert.Equal(atCut, world.Driver(DriverA).Store.GetVolumeContentHash(restoredHandle));
        });
    }

    [SkippableTheory, Backends]
    public async Task ClaimFromSnapshot_SmallerThanRoundedRestoreSize_ProvisioningFailsWithTheSizeRule(Backend backend)
    {
        var world = await sidecars.CreateAsync(backend, 0x5A03, new DriverSpec(DriverA, RestoreSizeRounding: 1024L * 1024 * 1024));
        await world.RunAsync(async () =>
        {
            await world.CreateStorageClassAsync("fast", DriverA);
            await world.CreateSnapshotClassAsync("snaps", DriverA);
            await BoundClaimAsync(world, "disk", "fast", "1536Mi");
            await world.CreateVolumeSnapshotAsync("snap", "disk");
            var ready = await ReadyAsync(world, "snap");
            Assert.Equal("2Gi", ready.Status!.RestoreSize!.ToString());

            await world.CreateClaimAsync("same-size", "fast", "1536Mi", fromSnapshot: "snap");
            // In real time the provisioner's cache may see the claim before the snapshot's readiness: that failure comes first.
            var failed = await world.WaitForAsync("ProvisioningFailed event with the size rule", async () =>
                (await world.EventsAboutAsync("same-size")).FirstOrDefault(e => e.Reason == ProvisionerConstants.ProvisioningFailedReason
                    && e.Message.Contains("requested volume size 1610612736 is less than the size 2147483648 for the source snapshot snap", StringComparison.Ordinal)));
            Assert.Equal("Warning", failed.Type);
            Assert.Equal("Pending", (await world.GetClaimAsync("same-size"))!.Status.Phase);

            await world.CreateClaimAsync("rounded", "fast", "2Gi", fromSnapshot: "snap");
            await world.WaitForAsync("rounded PVC Bound", async () => await world.GetClaimAsync("rounded") is { Status.Phase: "Bound" } c ? c : null);
        });
    }

    [SkippableTheory, Backends]
    public async Task DeleteVolumeSnapshot_DeletionPolicyDelete_RemovesContentAndBackendSnapshot(Backend backend)
    {
        var world = await sidecars.CreateAsync(backend, 0x5A04, new DriverSpec(DriverA));
        await world.RunAsync(async () =>
        {
            await world.CreateStorageClassAsync("fast", DriverA);
            await world.CreateSnapshotClassAsync("snaps", DriverA);
            await BoundClaimAsync(world, "disk", "fast");
            await world.CreateVolumeSnapshotAsync("snap", "disk");
            var contentName = (await ReadyAsync(world, "snap")).Status!.BoundVolumeSnapshotContentName!;

            await world.DeleteVolumeSnapshotAsync("snap");

            await world.WaitForAsync("VolumeSnapshot gone", async () => await world.GetVolumeSnapshotAsync("snap") is null ? "gone" : null);
            await world.WaitForAsync("content gone", async () => await world.GetContentAsync(contentName) is null ? "gone" : null);
            Assert.Empty(world.Driver(DriverA).Store.SnapshotIds);
        });
    }

    /// <summary>
    /// external-snapshotter keeps a deleted VolumeSnapshot and its content while a Pending claim restores from it, and
    /// external-provisioner refuses to restore from a VolumeSnapshot being deleted: the claim pends until it is deleted.
    /// </summary>
    [SkippableTheory, Backends]
    public async Task DeleteVolumeSnapshot_PendingClaimRestoresFromIt_KeptButNeverRestoredFrom(Backend backend)
    {
        var world = await sidecars.CreateAsync(backend, 0x5A0E, new DriverSpec(DriverA));
        await world.RunAsync(async () =>
        {
            await world.CreateStorageClassAsync("fast", DriverA);
            await world.CreateStorageClassAsync("late", DriverA, bindingMode: ProvisionerConstants.WaitForFirstConsumer);
            await world.CreateSnapshotClassAsync("snaps", DriverA);
            await BoundClaimAsync(world, "disk", "fast");
            await world.CreateVolumeSnapshotAsync("snap", "disk");
            var contentName = (await ReadyAsync(world, "snap")).Status!.BoundVolumeSnapshotContentName!;
            await world.CreateClaimAsync("restored", "late", fromSnapshot: "snap");

            await world.DeleteVolumeSnapshotAsync("snap");
            await world.WaitForAsync("SnapshotDeletePending event", async () =>
                (await world.EventsAboutAsync("snap")).FirstOrDefault(e => e.Reason == CsiSnapshotter.SnapshotDeletePendingReason));
            await world.Client.CoreV1.PatchNamespacedPersistentVolumeClaimAsync(
                new V1Patch($"{{\"metadata\":{{\"annotations\":{{\"{ProvisionerConstants.SelectedNodeAnnotation}\":\"node-a\"}}}}}}", V1Patch.PatchType.MergePatch), "restored", world.Namespace);
            await world.WaitForAsync("ProvisioningFailed: the snapshot is being deleted", async () =>
                (await world.EventsAboutAsync("restored")).FirstOrDefault(e => e.Reason == ProvisionerConstants.ProvisioningFailedReason
                    && e.Message.EndsWith("snapshot snap is currently being deleted", StringComparison.Ordinal)));

            Assert.NotNull((await world.GetVolumeSnapshotAsync("snap"))!.Metadata.DeletionTimestamp);
            Assert.Null((await world.GetContentAsync(contentName))!.Metadata.DeletionTimestamp);
            Assert.Equal("Pending", (await world.GetClaimAsync("restored"))!.Status.Phase);

            await world.DeleteClaimAsync("restored");
            await world.WaitForAsync("VolumeSnapshot gone", async () => await world.GetVolumeSnapshotAsync("snap") is null ? "gone" : null);
            await world.WaitForAsync("content gone", async () => await world.GetContentAsync(contentName) is null ? "gone" : null);
        });
    }

    [SkippableTheory, Backends]
    public async Task DeleteVolumeSnapshot_DeletionPolicyRetain_KeepsContentAndBackendSnapshot(Backend backend)
    {
        var world = await sidecars.CreateAsync(backend, 0x5A05, new DriverSpec(DriverA));
        await world.RunAsync(async () =>
        {
            await world.CreateStorageClassAsync("fast", DriverA);
            await world.CreateSnapshotClassAsync("keep", DriverA, SnapshotStorageApi.DeletionPolicyRetain);
            await BoundClaimAsync(world, "disk", "fast");
            await world.CreateVolumeSnapshotAsync("snap", "disk");
            var contentName = (await ReadyAsync(world, "snap")).Status!.BoundVolumeSnapshotContentName!;

            await world.DeleteVolumeSnapshotAsync("snap");

            await world.WaitForAsync("VolumeSnapshot gone", async () => await world.GetVolumeSnapshotAsync("snap") is null ? "gone" : null);
            var content = await world.GetContentAsync(contentName);
            Assert.NotNull(content);
            Assert.DoesNotContain(SnapshotStorageApi.VolumeSnapshotContentBoundProtectionFinalizer, content.Metadata.Finalizers ?? []);
            Assert.Single(world.Driver(DriverA).Store.SnapshotIds);
        });
    }

    [SkippableTheory, Backends]
    public async Task VolumeSnapshot_SeveralDrivers_ClassChosenByTheClaimsDriverAndNoClassForPlainDriver(Backend backend)
    {
        var world = await sidecars.CreateAsync(backend, 0x5A06, new DriverSpec(DriverA), new DriverSpec(DriverB), new DriverSpec(PlainDriver, Snapshots: false));
        await world.RunAsync(async () =>
        {
            await world.CreateStorageClassAsync("sc-a", DriverA);
            await world.CreateStorageClassAsync("sc-b", DriverB);
            await world.CreateStorageClassAsync("sc-plain", PlainDriver);
            await world.CreateSnapshotClassAsync("class-a", DriverA);
            await world.CreateSnapshotClassAsync("class-b", DriverB);
            await BoundClaimAsync(world, "disk-b", "sc-b");
            await BoundClaimAsync(world, "disk-plain", "sc-plain");

            await world.CreateVolumeSnapshotAsync("snap-b", "disk-b");
            await world.CreateVolumeSnapshotAsync("snap-plain", "disk-plain");

            var ready = await ReadyAsync(world, "snap-b");
            Assert.Equal("class-b", (await world.GetContentAsync(ready.Status!.BoundVolumeSnapshotContentName!))!.Spec.VolumeSnapshotClassName);
            Assert.Single(world.Driver(DriverB).Store.SnapshotIds);
            Assert.Empty(world.Driver(DriverA).Store.SnapshotIds);
            var plain = await world.WaitForAsync("snap-plain error", async () => await world.GetVolumeSnapshotAsync("snap-plain") is { Status.Error: not null } s ? s : null);
            Assert.Equal($"cannot find default snapshot class for driver {PlainDriver}", plain.Status!.Error!.Message);
        });
    }

    [SkippableTheory, Backends]
    public async Task VolumeSnapshot_ClassOfThePlainDriver_ContentErrorsUnimplemented(Backend backend)
    {
        var world = await sidecars.CreateAsync(backend, 0x5A07, new DriverSpec(PlainDriver, Snapshots: false));
        await world.RunAsync(async () =>
        {
            await world.CreateStorageClassAsync("sc-plain", PlainDriver);
            await world.CreateSnapshotClassAsync("class-plain", PlainDriver);
            await BoundClaimAsync(world, "disk", "sc-plain");
            await world.CreateVolumeSnapshotAsync("snap", "disk");

            var failed = await world.WaitForAsync("snap error", async () => await world.GetVolumeSnapshotAsync("snap") is { Status.Error: not null } s ? s : null);
            Assert.Contains("Unimplemented", failed.Status!.Error!.Message, StringComparison.Ordinal);
            Assert.False(failed.Status.ReadyToUse);
        });
    }

    [SkippableTheory, Backends]
    public async Task VolumeSnapshot_CreateSnapshotFailsThenRecovers_ErrorShownThenReady(Backend backend)
    {
        var world = await sidecars.CreateAsync(backend, 0x5A08, new DriverSpec(DriverA));
        await world.RunAsync(async () =>
        {
            world.Driver(DriverA).Faults.CreateSnapshotError = StatusCode.Unavailable;
            await world.CreateStorageClassAsync("fast", DriverA);
            await world.CreateSnapshotClassAsync("snaps", DriverA);
            await BoundClaimAsync(world, "disk", "fast");
            var vs = await world.CreateVolumeSnapshotAsync("snap", "disk");

            var failed = await world.WaitForAsync("snap error", async () => await world.GetVolumeSnapshotAsync("snap") is { Status.Error: not null } s ? s : null);
            Assert.Contains("Unavailable", failed.Status!.Error!.Message, StringComparison.Ordinal);
            var content = await world.GetContentAsync($"snapcontent-{vs.Metadata.Uid}");
            Assert.Equal(failed.Status.Error.Message, content!.Status!.Error!.Message);

            world.Driver(DriverA).Faults.CreateSnapshotError = null;
            var ready = await ReadyAsync(world, "snap");
            Assert.Null(ready.Status!.Error);
        });
    }

    [SkippableTheory, Backends]
    public async Task VolumeSnapshot_NeverReadyFault_StaysNotReady(Backend backend)
    {
        var world = await sidecars.CreateAsync(backend, 0x5A09, new DriverSpec(DriverA));
        await world.RunAsync(async () =>
        {
            world.Driver(DriverA).Faults.SnapshotNeverReady = true;
            await world.CreateStorageClassAsync("fast", DriverA);
            await world.CreateSnapshotClassAsync("snaps", DriverA);
            await BoundClaimAsync(world, "disk", "fast");
            await world.CreateVolumeSnapshotAsync("snap", "disk");

            await world.WaitForAsync("snap bound", async () => await world.GetVolumeSnapshotAsync("snap") is { Status.BoundVolumeSnapshotContentName: not null } s ? s : null);
            await world.SettleAsync(TimeSpan.FromMinutes(5));

            var vs = await world.GetVolumeSnapshotAsync("snap");
            Assert.False(vs!.Status!.ReadyToUse);
            Assert.Null(vs.Status.Error);
        });
    }

    [SkippableTheory, Backends]
    public async Task VolumeSnapshot_SnapshotLostBehindTheApisBack_ErrorOnContentAndSnapshot(Backend backend)
    {
        var world = await sidecars.CreateAsync(backend, 0x5A0A, new DriverSpec(DriverA));
        await world.RunAsync(async () =>
        {
            await world.CreateStorageClassAsync("fast", DriverA);
            await world.CreateSnapshotClassAsync("snaps", DriverA);
            await BoundClaimAsync(world, "disk", "fast");
            await world.CreateVolumeSnapshotAsync("snap", "disk");
            var ready = await ReadyAsync(world, "snap");
            var handle = (await world.GetContentAsync(ready.Status!.BoundVolumeSnapshotContentName!))!.Status!.SnapshotHandle!;

            Assert.True(world.Driver(DriverA).Store.LoseSnapshot(handle));

            var lost = await world.WaitForAsync("snap error", async () => await world.GetVolumeSnapshotAsync("snap") is { Status.Error: not null } s ? s : null);
            Assert.Contains($"snapshot {handle} does not exist", lost.Status!.Error!.Message, StringComparison.Ordinal);
            Assert.False(lost.Status.ReadyToUse);
        });
    }

    [Fact]
    [Trait("EmbeddedOnly", "the fault fires a minute of virtual time after the snapshot is ready")]
    public async Task VolumeSnapshot_ErrorAfterReadyFault_ErrorShownWhileStillReady()
    {
        var world = await sidecars.CreateAsync(Backend.Embedded, 0x5A0B, new DriverSpec(DriverA));
        await world.RunAsync(async () =>
        {
            world.Driver(DriverA).Faults.SnapshotErrorAfterReady = TimeSpan.FromMinutes(1);
            await world.CreateStorageClassAsync("fast", DriverA);
            await world.CreateSnapshotClassAsync("snaps", DriverA);
            await BoundClaimAsync(world, "disk", "fast");
            await world.CreateVolumeSnapshotAsync("snap", "disk");
            await ReadyAsync(world, "snap");

            var errored = await world.WaitForAsync("snap error", async () => await world.GetVolumeSnapshotAsync("snap") is { Status.Error: not null } s ? s : null);
            Assert.Contains("Internal", errored.Status!.Error!.Message, StringComparison.Ordinal);
        });
    }

    [SkippableTheory, Backends]
    public async Task VolumeSnapshot_MissingClaim_ErrorNamesTheClaim(Backend backend)
    {
        var world = await sidecars.CreateAsync(backend, 0x5A0C, new DriverSpec(DriverA));
        await world.RunAsync(async () =>
        {
            await world.CreateVolumeSnapshotAsync("snap", "nowhere");
            var failed = await world.WaitForAsync("snap error", async () => await world.GetVolumeSnapshotAsync("snap") is { Status.Error: not null } s ? s : null);
            Assert.Contains($"PersistentVolumeClaim {world.Namespace}/nowhere not found", failed.Status!.Error!.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    [Trait("EmbeddedOnly", "compares the deterministic scheduler's traces of two runs")]
    public async Task SnapshotAndRestore_SameSeedTwice_IdenticalTrace()
    {
        async Task<string> RunOnce()
        {
            var world = await sidecars.CreateAsync(Backend.Embedded, 0x5A0D, new DriverSpec(DriverA));
            await world.RunAsync(async () =>
            {
                await world.CreateStorageClassAsync("fast", DriverA);
                await world.CreateSnapshotClassAsync("snaps", DriverA);
                await BoundClaimAsync(world, "disk", "fast");
                await world.CreateVolumeSnapshotAsync("snap", "disk");
                await ReadyAsync(world, "snap");
                await world.CreateClaimAsync("restored", "fast", fromSnapshot: "snap");
                await world.WaitForAsync("restored Bound", async () => await world.GetClaimAsync("restored") is { Status.Phase: "Bound" } c ? c : null);
            });
            return $"{world.Scheduler.Trace.StepCount}:{world.Scheduler.Trace.Hash}";
        }

        Assert.Equal(await RunOnce(), await RunOnce());
    }

    private static async Task<V1PersistentVolumeClaim> BoundClaimAsync(SidecarWorld world, string name, string storageClass, string size = "64Mi")
    {
        await world.CreateClaimAsync(name, storageClass, size);
        return await world.WaitForAsync($"PVC {name} Bound", async () => await world.GetClaimAsync(name) is { Status.Phase: "Bound" } c ? c : null);
    }

    private static Task<VolumeSnapshot> ReadyAsync(SidecarWorld world, string name) =>
        world.WaitForAsync($"VolumeSnapshot {name} readyToUse", async () => await world.GetVolumeSnapshotAsync(name) is { Status.ReadyToUse: true } s ? s : null);
}
