using System.Text.Json.Nodes;
using Harness.Api.Cdi;
using Harness.Api.KubeVirt;
using Harness.Api.Snapshots;
using Harness.Controller.Tests.World;
using Harness.Scenarios.Cluster;
using k8s;
using k8s.Models;

namespace Harness.Controller.Tests.Conformance;

/// <summary>
/// §2.5 VolumeSnapshotClass choice, through the class each VolumeSnapshot names: the StorageProfile's class wins;
/// else the classes whose driver is the StorageClass's provisioner, the only one or the one annotated default;
/// several without a default is the error <c>"&lt;n&gt; matching VolumeSnapshotClasses for &lt;sc&gt;"</c>; none
/// leaves the volume out. A second driver, <see cref="SecondDriver"/>, has only the classes a test makes.
/// </summary>
public sealed class SnapshotClassChoiceTests
{
    private const string SecondDriver = "second.csi.harness.kubevirt.io";
    private const string SecondStorageClass = "second-sc";

    [Fact]
    [Trait("DeterministicOnly", "a second in-process CSI driver and cluster-scoped classes that would change every other case's class choice")]
    public void DefaultAnnotation_OfSeveralClassesOfTheDriverTheDefaultOneIsUsed()
    {
        var world = new ControllerWorld();
        world.Run(async () =>
        {
            await world.CreateSnapshotClassAsync("another-class", ControllerWorld.Driver);

            var volumeSnapshot = await SnapshotOfOneClaimAsync(world, ControllerWorld.StorageClass);

            Assert.Equal(ControllerWorld.SnapshotClass, volumeSnapshot.Spec.VolumeSnapshotClassName);
        });
    }

    [Fact]
    [Trait("DeterministicOnly", "a second in-process CSI driver and cluster-scoped classes that would change every other case's class choice")]
    public void StorageProfile_ItsSnapshotClassWinsOverTheDefaultAnnotation()
    {
        var world = new ControllerWorld();
        world.Run(async () =>
        {
            await world.CreateSnapshotClassAsync("profile-class", ControllerWorld.Driver);
            await world.Client.CustomObjects.PatchClusterCustomObjectAsync(
                new V1Patch(new JsonObject { ["spec"] = new JsonObject { ["snapshotClass"] = "profile-class" } }.ToJsonString(), V1Patch.PatchType.MergePatch),
                CdiApi.Group, CdiApi.Version, CdiApi.StorageProfilePlural, ControllerWorld.StorageClass);
            await world.WaitForAsync("StorageProfile names profile-class", async () =>
                ControllerWorld.Convert<StorageProfile>(await world.Client.CustomObjects.GetClusterCustomObjectAsync(CdiApi.Group, CdiApi.Version, CdiApi.StorageProfilePlural, ControllerWorld.StorageClass))
                    is { Status.SnapshotClass: "profile-class" } p ? p : null);

            var volumeSnapshot = await SnapshotOfOneClaimAsync(world, ControllerWorld.StorageClass);

            Assert.Equal("profile-class", volumeSnapshot.Spec.VolumeSnapshotClassName);
        });
    }

    [Fact]
    [Trait("DeterministicOnly", "a second in-process CSI driver and cluster-scoped classes that would change every other case's class choice")]
    public void DriverMatch_TheOnlyClassOfTheProvisionersDriverIsUsedWithoutTheDefaultAnnotation()
    {
        var world = SecondDriverWorld();
        world.Run(async () =>
        {
            await world.CreateStorageClassAsync(SecondStorageClass, SecondDriver);
            await world.CreateSnapshotClassAsync("second-only", SecondDriver);

            var volumeSnapshot = await SnapshotOfOneClaimAsync(world, SecondStorageClass);

            Assert.Equal("second-only", volumeSnapshot.Spec.VolumeSnapshotClassName);
        });
    }

    [Fact]
    [Trait("DeterministicOnly", "a second in-process CSI driver and cluster-scoped classes that would change every other case's class choice")]
    public void Ambiguity_TwoClassesOfTheDriverWithoutDefault_TheDocumentedErrorAndFailedAtTheDeadline()
    {
        var world = SecondDriverWorld();
        world.Run(async () =>
        {
            const string message = "2 matching VolumeSnapshotClasses for " + SecondStorageClass;
            await world.CreateStorageClassAsync(SecondStorageClass, SecondDriver);
            await world.CreateSnapshotClassAsync("second-a", SecondDriver);
            await world.CreateSnapshotClassAsync("second-b", SecondDriver);
            await CreateStoppedVmAsync(world, SecondStorageClass);
            var vm = await world.WaitVolumeSnapshotStatusesAsync("vm1", ("disk-a", false));
            Assert.Equal(message, Assert.Single(vm.Status!.VolumeSnapshotStatuses!).Reason);

            var created = await world.CreateSnapshotAsync("snap1", "vm1", failureDeadline: "1m");

            await world.WaitUntilAsync("the reconcile error", () => world.ControllerErrors.Any(e => e.Message == message));
            Assert.Null(await world.ContentAsync(SnapshotApi.ContentName(created.Metadata.Uid)));
            await world.WaitPhaseAsync("snap1", SnapshotApi.PhaseFailed);
            await world.WaitUnlockedAsync("vm1");
            Assert.Empty(await world.VolumeSnapshotsAsync());
        });
    }

    [Fact]
    [Trait("DeterministicOnly", "a second in-process CSI driver and cluster-scoped classes that would change every other case's class choice")]
    public void NoClassForTheStorageClass_TheVolumeIsLeftOutAndTheSnapshotIsPartial()
    {
        var world = SecondDriverWorld();
        world.Run(async () =>
        {
            await world.CreateStorageClassAsync(SecondStorageClass, SecondDriver);
            await world.CreateBoundClaimsAsync("disk-a");
            await world.CreateClaimAsync("disk-b", storageClass: SecondStorageClass);
            await world.BoundVolumeAsync("disk-b");
            await world.CreateVmAsync(new VmDefinition("vm1") { Claims = ["disk-a", "disk-b"], RunStrategy = KubeVirtApi.RunStrategies.Halted });
            var vm = await world.WaitVolumeSnapshotStatusesAsync("vm1", ("disk-a", true), ("disk-b", false));
            Assert.Equal($"No VolumeSnapshotClass: Volume snapshots are not configured for this StorageClass [{SecondStorageClass}] [disk-b]", vm.Status!.VolumeSnapshotStatuses![1].Reason);

            await world.CreateSnapshotAsync("snap1", "vm1");
            var snapshot = await world.WaitSucceededAsync("snap1");

            Assert.Equal(["disk-a"], snapshot.Status!.SnapshotVolumes!.IncludedVolumes!);
            Assert.Equal(["disk-b"], snapshot.Status.SnapshotVolumes.ExcludedVolumes!);
            Assert.Equal([SnapshotApi.IndicationPartialSnapshot], snapshot.Status.Indications!);
            Assert.Single(await world.VolumeSnapshotsAsync());
        });
    }

    private static ControllerWorld SecondDriverWorld() => new(extraDrivers: new SimulatedDriver(SecondDriver, SnapshotsSupported: true));

    private static async Task CreateStoppedVmAsync(ControllerWorld world, string storageClass)
    {
        await world.CreateClaimAsync("disk-a", storageClass: storageClass);
        await world.BoundVolumeAsync("disk-a");
        await world.CreateVmAsync(new VmDefinition("vm1") { Claims = ["disk-a"], RunStrategy = KubeVirtApi.RunStrategies.Halted });
    }

    /// <summary>Snapshots a stopped VM on one claim of <paramref name="storageClass"/> and returns its VolumeSnapshot.</summary>
    private static async Task<Api.SnapshotStorage.VolumeSnapshot> SnapshotOfOneClaimAsync(ControllerWorld world, string storageClass)
    {
        await CreateStoppedVmAsync(world, storageClass);
        var created = await world.CreateSnapshotAsync("snap1", "vm1");
        await world.WaitSucceededAsync("snap1");
        return (await world.VolumeSnapshotAsync(SnapshotApi.VolumeSnapshotName(created.Metadata.Uid, "disk-a")))!;
    }
}
