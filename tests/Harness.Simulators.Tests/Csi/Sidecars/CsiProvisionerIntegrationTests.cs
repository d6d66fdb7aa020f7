using Harness.Simulators.Csi.Provisioner;
using k8s;
using k8s.Models;
using Harness.EnvTest.Tests.Backends;

namespace Harness.Simulators.Tests.Csi.Sidecars;

/// <summary>The provisioner against the embedded API server, on the deterministic scheduler.</summary>
[Collection(SidecarCollection.Name)]
public sealed class CsiProvisionerIntegrationTests(SidecarWorlds sidecars)
{
    private const string Driver = "csi.a.harness";

    [SkippableTheory, Backends]
    public async Task Claim_ImmediateStorageClass_ProvisionedAndBound(Backend backend)
    {
        var world = await sidecars.CreateAsync(backend, 0xC510, new DriverSpec(Driver));
        await world.RunAsync(async () =>
        {
            await world.CreateStorageClassAsync("fast", Driver);
            var pvc = await world.CreateClaimAsync("disk", "fast", "64Mi");

            var bound = await world.WaitForAsync("PVC disk Bound", async () => await world.GetClaimAsync("disk") is { Status.Phase: "Bound" } c ? c : null);

            var pvName = $"pvc-{pvc.Metadata.Uid}";
            Assert.Equal(pvName, bound.Spec.VolumeName);
            Assert.Equal("yes", bound.Metadata.Annotations[ProvisionerConstants.BindCompletedAnnotation]);
            Assert.Equal(Driver, bound.Metadata.Annotations[ProvisionerConstants.StorageProvisionerAnnotation]);
            Assert.Equal(64L * 1024 * 1024, bound.Status.Capacity["storage"].ToInt64());
            var pv = await world.GetVolumeAsync(pvName);
            Assert.NotNull(pv);
            Assert.Equal("Bound", pv.Status.Phase);
            Assert.Equal(Driver, pv.Spec.Csi.Driver);
            Assert.Equal(pvc.Metadata.Uid, pv.Spec.ClaimRef.Uid);
            Assert.Equal("Delete", pv.Spec.PersistentVolumeReclaimPolicy);
            Assert.Equal([pv.Spec.Csi.VolumeHandle], world.Driver(Driver).Store.VolumeIds);
            Assert.Contains(await world.EventsAboutAsync("disk"), e => e.Reason == ProvisionerConstants.ProvisioningSucceededReason);
        });
    }

    [SkippableTheory, Backends]
    public async Task Claim_WaitForFirstConsumer_BindsOnlyOnceANodeIsSelected(Backend backend)
    {
        var world = await sidecars.CreateAsync(backend, 0xC511, new DriverSpec(Driver));
        await world.RunAsync(async () =>
        {
            await world.CreateStorageClassAsync("late", Driver, bindingMode: ProvisionerConstants.WaitForFirstConsumer);
            await world.CreateClaimAsync("disk", "late");

            await world.SettleAsync(TimeSpan.FromMinutes(1));
            Assert.Equal("Pending", (await world.GetClaimAsync("disk"))!.Status.Phase);
            Assert.Empty(world.Driver(Driver).Store.VolumeIds);

            await world.Client.CoreV1.PatchNamespacedPersistentVolumeClaimAsync(
                new V1Patch($"{{\"metadata\":{{\"annotations\":{{\"{ProvisionerConstants.SelectedNodeAnnotation}\":\"node-a\"}}}}}}", V1Patch.PatchType.MergePatch), "disk", world.Namespace);

            await world.WaitForAsync("PVC disk Bound", async () => await world.GetClaimAsync("disk") is { Status.Phase: "Bound" } c ? c : null);
        });
    }

    [SkippableTheory, Backends]
    public async Task Claim_OfAnotherProvisioner_IsLeftAlone(Backend backend)
    {
        var world = await sidecars.CreateAsync(backend, 0xC512, new DriverSpec(Driver));
        await world.RunAsync(async () =>
        {
            await world.CreateStorageClassAsync("other", "csi.not-ours.io");
            await world.CreateClaimAsync("disk", "other");

            await world.SettleAsync(TimeSpan.FromMinutes(1));

            var pvc = await world.GetClaimAsync("disk");
            Assert.Equal("Pending", pvc!.Status.Phase);
            Assert.False(pvc.Metadata.Annotations?.ContainsKey(ProvisionerConstants.StorageProvisionerAnnotation) ?? false);
        });
    }

    [SkippableTheory, Backends]
    public async Task ClaimDeleted_ReclaimDelete_DeletesVolumeAndPv(Backend backend)
    {
        var world = await sidecars.CreateAsync(backend, 0xC513, new DriverSpec(Driver));
        await world.RunAsync(async () =>
        {
            await world.CreateStorageClassAsync("fast", Driver);
            var pvc = await world.CreateClaimAsync("disk", "fast");
            await world.WaitForAsync("PVC Bound", async () => await world.GetClaimAsync("disk") is { Status.Phase: "Bound" } c ? c : null);

            await world.DeleteClaimAsync("disk");

            await world.WaitForAsync("PV deleted", async () => await world.GetVolumeAsync($"pvc-{pvc.Metadata.Uid}") is null ? "gone" : null);
            Assert.Empty(world.Driver(Driver).Store.VolumeIds);
        });
    }

    [SkippableTheory, Backends]
    public async Task ClaimDeleted_ReclaimRetain_PvReleasedAndVolumeKept(Backend backend)
    {
        var world = await sidecars.CreateAsync(backend, 0xC514, new DriverSpec(Driver));
        await world.RunAsync(async () =>
        {
            await world.CreateStorageClassAsync("keep", Driver, reclaimPolicy: "Retain");
            var pvc = await world.CreateClaimAsync("disk", "keep");
            await world.WaitForAsync("PVC Bound", async () => await world.GetClaimAsync("disk") is { Status.Phase: "Bound" } c ? c : null);

            await world.DeleteClaimAsync("disk");

            await world.WaitForAsync("PV Released", async () => await world.GetVolumeAsync($"pvc-{pvc.Metadata.Uid}") is { Status.Phase: "Released" } pv ? pv : null);
            Assert.Single(world.Driver(Driver).Store.VolumeIds);
        });
    }

    [SkippableTheory, Backends]
    public async Task Claim_CreateVolumeFails_WarningEventThenBoundOnceTheFaultClears(Backend backend)
    {
        var world = await sidecars.CreateAsync(backend, 0xC515, new DriverSpec(Driver));
        await world.RunAsync(async () =>
        {
            world.Driver(Driver).Faults.CreateVolumeError = Grpc.Core.StatusCode.ResourceExhausted;
            await world.CreateStorageClassAsync("fast", Driver);
            await world.CreateClaimAsync("disk", "fast");

            var failed = await world.WaitForAsync("ProvisioningFailed event", async () =>
                (await world.EventsAboutAsync("disk")).FirstOrDefault(e => e.Reason == ProvisionerConstants.ProvisioningFailedReason));
            Assert.Equal("Warning", failed.Type);
            Assert.Contains("ResourceExhausted", failed.Message, StringComparison.Ordinal);

            world.Driver(Driver).Faults.CreateVolumeError = null;
            await world.WaitForAsync("PVC Bound", async () => await world.GetClaimAsync("disk") is { Status.Phase: "Bound" } c ? c : null);
        });
    }
}
