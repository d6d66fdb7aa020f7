using Harness.Simulators.Csi.Provisioner;
using k8s.Models;
using Harness.EnvTest.Tests.Backends;

namespace Harness.Simulators.Tests.Csi.Sidecars;

/// <summary>The provisioner's external-resizer part against the embedded API server, on the deterministic scheduler.</summary>
[Collection(SidecarCollection.Name)]
public sealed class CsiResizeIntegrationTests(SidecarWorlds sidecars)
{
    private const string Driver = "csi.r.harness";
    private const long MiB = 1024 * 1024;

    [SkippableTheory, Backends]
    public async Task BlockClaim_RequestGrows_VolumePvAndClaimTakeTheNewSize(Backend backend)
    {
        var world = await sidecars.CreateAsync(backend, 0x5121, new DriverSpec(Driver));
        await world.RunAsync(async () =>
        {
            await world.CreateStorageClassAsync("growable", Driver, allowVolumeExpansion: true);
            var pvc = await world.CreateClaimAsync("disk", "growable", "64Mi");
            await world.WaitForAsync("PVC disk Bound", async () => await world.GetClaimAsync("disk") is { Status.Phase: "Bound" } c ? c : null);

            await world.ResizeClaimAsync("disk", "128Mi");

            var resized = await world.WaitForAsync("PVC disk 128Mi", async () => await world.GetClaimAsync("disk") is { } c && c.Status.Capacity["storage"].ToInt64() == 128 * MiB ? c : null);
            var pv = await world.GetVolumeAsync($"pvc-{pvc.Metadata.Uid}");
            Assert.Equal(128 * MiB, pv!.Spec.Capacity["storage"].ToInt64());
            Assert.Equal(128 * MiB, world.Driver(Driver).Store.Open(pv.Spec.Csi.VolumeHandle).Size);
            Assert.Null(resized.Status.Conditions is { Count: > 0 } ? resized.Status.Conditions : null);
            Assert.Null(resized.Status.AllocatedResourceStatuses);
            var reasons = (await world.EventsAboutAsync("disk")).Select(e => e.Reason).ToList();
            Assert.Contains(ResizeConstants.ResizingReason, reasons);
            Assert.Contains(ResizeConstants.ResizeSucceededReason, reasons);
        });
    }

    [SkippableTheory, Backends]
    public async Task FilesystemClaim_RequestGrows_PvGrowsAndClaimWaitsForTheNode(Backend backend)
    {
        var world = await sidecars.CreateAsync(backend, 0x5122, new DriverSpec(Driver));
        await world.RunAsync(async () =>
        {
            await world.CreateStorageClassAsync("growable", Driver, allowVolumeExpansion: true);
            var pvc = await world.CreateClaimAsync("fs", "growable", "64Mi", volumeMode: "Filesystem");
            await world.WaitForAsync("PVC fs Bound", async () => await world.GetClaimAsync("fs") is { Status.Phase: "Bound" } c ? c : null);

            await world.ResizeClaimAsync("fs", "96Mi");

            var pending = await world.WaitForAsync("PVC fs FileSystemResizePending", async () =>
                await world.GetClaimAsync("fs") is { Status.Conditions: [{ Type: ResizeConstants.FileSystemResizePendingCondition }] } c ? c : null);
            Assert.Equal(64 * MiB, pending.Status.Capacity["storage"].ToInt64());
            Assert.Equal(ResizeConstants.NodeResizePending, pending.Status.AllocatedResourceStatuses["storage"]);
            Assert.Equal(96 * MiB, pending.Status.AllocatedResources["storage"].ToInt64());
            Assert.Equal(96 * MiB, (await world.GetVolumeAsync($"pvc-{pvc.Metadata.Uid}"))!.Spec.Capacity["storage"].ToInt64());
            Assert.Contains(await world.EventsAboutAsync("fs"), e => e.Reason == ResizeConstants.FileSystemResizeRequiredReason);
        });
    }

    [SkippableTheory, Backends]
    public async Task Claim_StorageClassWithoutExpansion_ResizeRefusedAndLeftAsItWas(Backend backend)
    {
        var world = await sidecars.CreateAsync(backend, 0x5123, new DriverSpec(Driver));
        await world.RunAsync(async () =>
        {
            await world.CreateStorageClassAsync("fixed", Driver);
            var pvc = await world.CreateClaimAsync("disk", "fixed", "64Mi");
            await world.WaitForAsync("PVC disk Bound", async () => await world.GetClaimAsync("disk") is { Status.Phase: "Bound" } c ? c : null);

            var refused = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => world.ResizeClaimAsync("disk", "128Mi"));
            Assert.Equal(System.Net.HttpStatusCode.Forbidden, refused.Response.StatusCode);
            await world.SettleAsync(TimeSpan.FromSeconds(30));

            Assert.Equal(64 * MiB, (await world.GetClaimAsync("disk"))!.Status.Capacity["storage"].ToInt64());
            Assert.Equal(64 * MiB, (await world.GetVolumeAsync($"pvc-{pvc.Metadata.Uid}"))!.Spec.Capacity["storage"].ToInt64());
        });
    }

    [SkippableTheory, Backends]
    public async Task Claim_DriverWithoutExpansion_ControllerResizeErrorStillInProgressAndWarningEvent(Backend backend)
    {
        var world = await sidecars.CreateAsync(backend, 0x5124, new DriverSpec(Driver, Expansion: false));
        await world.RunAsync(async () =>
        {
            await world.CreateStorageClassAsync("growable", Driver, allowVolumeExpansion: true);
            await world.CreateClaimAsync("disk", "growable", "64Mi");
            await world.WaitForAsync("PVC disk Bound", async () => await world.GetClaimAsync("disk") is { Status.Phase: "Bound" } c ? c : null);

            await world.ResizeClaimAsync("disk", "128Mi");

            var failed = await world.WaitForAsync("PVC disk ControllerResizeError", async () =>
                await world.GetClaimAsync("disk") is { Status.Conditions: [{ Type: ResizeConstants.ControllerResizeErrorCondition }] } c ? c : null);
            Assert.Equal(ResizeConstants.ControllerResizeInProgress, failed.Status.AllocatedResourceStatuses["storage"]);
            Assert.Equal(64 * MiB, failed.Status.Capacity["storage"].ToInt64());
            var warning = Assert.Single((await world.EventsAboutAsync("disk")).Where(e => e.Reason == ResizeConstants.ResizeFailedReason).DistinctBy(e => e.Message));
            Assert.Contains("code = Unimplemented", warning.Message, StringComparison.Ordinal);
        });
    }
}
