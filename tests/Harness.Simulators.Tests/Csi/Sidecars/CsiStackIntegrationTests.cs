using Harness.Api.SnapshotStorage;
using Harness.Simulators.Csi.Stack;
using k8s;
using k8s.Models;
using Harness.EnvTest.Tests.Backends;

namespace Harness.Simulators.Tests.Csi.Sidecars;

[Collection(SidecarCollection.Name)]
public sealed class CsiStackIntegrationTests(SidecarWorlds sidecars)
{
    private const string Driver = "csi.harness.kubevirt.io";

    [SkippableTheory, Backends]
    public async Task StartAsync_DefaultClasses_ClaimAndSnapshotWithoutClassNamesWork(Backend backend)
    {
        var world = await sidecars.CreateAsync(backend, 0x57AC, new DriverSpec(Driver));
        await world.RunBareAsync(async () =>
        {
            var stack = new CsiStack(world.Client, new CsiStackOptions
            {
                Drivers = [new CsiDriverEndpoint(Driver, world.Driver(Driver).CreateCallInvoker())],
                DefaultClassesDriver = Driver,
                Sidecars = new() { Runtime = world.Runtime("sidecars") },
            });
            await stack.StartAsync(CancellationToken.None);

            await world.Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(
                new V1PersistentVolumeClaim
                {
                    Metadata = new V1ObjectMeta { Name = "disk" },
                    Spec = new V1PersistentVolumeClaimSpec
                    {
                        AccessModes = ["ReadWriteOnce"],
                        Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new("1Gi") } },
                    },
                },
                world.Namespace);
            var bound = await world.WaitForAsync("PVC Bound", async () => await world.GetClaimAsync("disk") is { Status.Phase: "Bound" } c ? c : null);
            Assert.Equal(CsiStackOptions.DefaultStorageClassName, (await world.GetVolumeAsync(bound.Spec.VolumeName))!.Spec.StorageClassName);

            var vs = await world.CreateVolumeSnapshotAsync("snap", "disk");
            var ready = await world.WaitForAsync("snapshot ready", async () => await world.GetVolumeSnapshotAsync("snap") is { Status.ReadyToUse: true } s ? s : null);
            var content = await world.GetContentAsync(ready.Status!.BoundVolumeSnapshotContentName!);
            Assert.Equal(CsiStackOptions.DefaultSnapshotClassName, content!.Spec.VolumeSnapshotClassName);
            Assert.Equal($"snapcontent-{vs.Metadata.Uid}", content.Metadata.Name);
            Assert.Equal(SnapshotStorageApi.DeletionPolicyDelete, content.Spec.DeletionPolicy);
        });
    }
}
