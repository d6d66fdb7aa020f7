using Csi.V1;
using Harness.Simulators.Csi.Kubelet;
using Harness.Simulators.Csi.Provisioner;
using k8s.Models;
using Harness.EnvTest.Tests.Backends;

namespace Harness.Simulators.Tests.Csi.Sidecars;

/// <summary>
/// A filesystem claim grown end to end through the API: the resizer's ControllerExpandVolume, then kubelet's
/// NodeExpandVolume where the volume is mounted, then the claim's capacity; on the embedded API server, deterministic.
/// </summary>
[Collection(SidecarCollection.Name)]
public sealed class CsiNodeExpansionIntegrationTests(SidecarWorlds sidecars) : IDisposable
{
    private const string Driver = "csi.n.harness";
    private const long MiB = 1024 * 1024;
    private readonly TemporaryDirectory node = new();

    public void Dispose() => node.Dispose();

    [SkippableTheory, Backends]
    public async Task MountedFilesystemClaim_RequestGrows_NodeExpandsAndClaimTakesTheCapacity(Backend backend)
    {
        var world = await sidecars.CreateAsync(backend, 0x5131, new DriverSpec(Driver));
        await world.RunAsync(
            async () =>
            {
                var pv = await BoundFilesystemClaimAsync(world);
                var mount = await MountAsync(world, pv);

                await world.ResizeClaimAsync("fs", "96Mi");

                var grown = await world.WaitForAsync("PVC fs 96Mi", async () => await world.GetClaimAsync("fs") is { } c && c.Status.Capacity["storage"].ToInt64() == 96 * MiB ? c : null);
                Assert.Null(grown.Status.Conditions is { Count: > 0 } ? grown.Status.Conditions : null);
                Assert.Null(grown.Status.AllocatedResourceStatuses);
                Assert.Equal(96 * MiB, grown.Status.AllocatedResources["storage"].ToInt64());
                Assert.Equal(96 * MiB, await NodeSeesAsync(world, mount));
                var reasons = (await world.EventsAboutAsync("fs")).Select(e => e.Reason).ToList();
                Assert.Contains(ResizeConstants.FileSystemResizeRequiredReason, reasons);
                Assert.Contains(ResizeConstants.FileSystemResizeSuccessfulReason, reasons);
            },
            nodeExpansion: true);
    }

    [SkippableTheory, Backends]
    public async Task UnmountedFilesystemClaim_RequestGrows_WaitsForTheNextMount(Backend backend)
    {
        var world = await sidecars.CreateAsync(backend, 0x5132, new DriverSpec(Driver));
        await world.RunAsync(
            async () =>
            {
                var pv = await BoundFilesystemClaimAsync(world);

                await world.ResizeClaimAsync("fs", "96Mi");
                await world.WaitForAsync("PVC fs FileSystemResizePending", async () =>
                    await world.GetClaimAsync("fs") is { Status.Conditions: [{ Type: ResizeConstants.FileSystemResizePendingCondition }] } c ? c : null);
                await world.SettleAsync(TimeSpan.FromSeconds(30));
                var waiting = await world.GetClaimAsync("fs");
                Assert.Equal(ResizeConstants.NodeResizePending, waiting!.Status.AllocatedResourceStatuses["storage"]);
                Assert.Equal(64 * MiB, waiting.Status.Capacity["storage"].ToInt64());

                var mount = await MountAsync(world, pv);

                var grown = await world.WaitForAsync("PVC fs 96Mi", async () => await world.GetClaimAsync("fs") is { } c && c.Status.Capacity["storage"].ToInt64() == 96 * MiB ? c : null);
                Assert.Null(grown.Status.Conditions is { Count: > 0 } ? grown.Status.Conditions : null);
                Assert.Null(grown.Status.AllocatedResourceStatuses);
                Assert.Equal(96 * MiB, await NodeSeesAsync(world, mount));
            },
            nodeExpansion: true);
    }

    [SkippableTheory, Backends]
    public async Task MountedClaim_DriverLostThePublication_NodeExpansionRetriedWithBackoffUntilPublishedAgain(Backend backend)
    {
        var world = await sidecars.CreateAsync(backend, 0x5133, new DriverSpec(Driver));
        await world.RunAsync(
            async () =>
            {
                var pv = await BoundFilesystemClaimAsync(world);
                var mount = await MountAsync(world, pv);
                await Node(world).NodeUnpublishVolumeAsync(new NodeUnpublishVolumeRequest { VolumeId = mount.VolumeHandle, TargetPath = mount.TargetPath });

                await world.ResizeClaimAsync("fs", "96Mi");

                var failed = await world.WaitForAsync("FileSystemResizeFailed event", async () =>
                    (await world.EventsAboutAsync("fs")).FirstOrDefault(e => e.Reason == ResizeConstants.FileSystemResizeFailedReason));
                Assert.Contains("is neither published nor staged", failed.Message, StringComparison.Ordinal);
                Assert.Equal(64 * MiB, (await world.GetClaimAsync("fs"))!.Status.Capacity["storage"].ToInt64());

                // NOT_FOUND is infeasible (NodeResizeInfeasible); the resizer hands the expansion back to the node, which retries it backing off from 500 ms.
                await world.SettleAsync(TimeSpan.FromSeconds(30));
                var failures = (await world.EventsAboutAsync("fs")).Count(e => e.Reason == ResizeConstants.FileSystemResizeFailedReason);
                Assert.InRange(failures, 2, 7);

                await Node(world).NodePublishVolumeAsync(new NodePublishVolumeRequest { VolumeId = mount.VolumeHandle, StagingTargetPath = mount.StagingPath, TargetPath = mount.TargetPath, VolumeCapability = mount.Capability });
                var grown = await world.WaitForAsync("PVC fs 96Mi", async () => await world.GetClaimAsync("fs") is { } c && c.Status.Capacity["storage"].ToInt64() == 96 * MiB ? c : null);
                Assert.Null(grown.Status.Conditions is { Count: > 0 } ? grown.Status.Conditions : null);
                Assert.Null(grown.Status.AllocatedResourceStatuses);
                Assert.Equal(96 * MiB, await NodeSeesAsync(world, mount));
            },
            nodeExpansion: true);
    }

    private static async Task<V1PersistentVolume> BoundFilesystemClaimAsync(SidecarWorld world)
    {
        await world.CreateStorageClassAsync("growable", Driver, allowVolumeExpansion: true);
        var pvc = await world.CreateClaimAsync("fs", "growable", "64Mi", volumeMode: "Filesystem");
        await world.WaitForAsync("PVC fs Bound", async () => await world.GetClaimAsync("fs") is { Status.Phase: "Bound" } c ? c : null);
        return (await world.GetVolumeAsync($"pvc-{pvc.Metadata.Uid}"))!;
    }

    /// <summary>What kubelet does for a pod using the claim: NodeStageVolume, NodePublishVolume, and the mount recorded.</summary>
    private async Task<NodeMount> MountAsync(SidecarWorld world, V1PersistentVolume pv)
    {
        var capability = new VolumeCapability
        {
            Mount = new VolumeCapability.Types.MountVolume { FsType = "ext4" },
            AccessMode = new VolumeCapability.Types.AccessMode { Mode = VolumeCapability.Types.AccessMode.Types.Mode.SingleNodeWriter },
        };
        var mount = new NodeMount(Driver, pv.Spec.Csi.VolumeHandle, node.Combine("pods", "fs"), node.Combine("staging"), capability);
        await Node(world).NodeStageVolumeAsync(new NodeStageVolumeRequest { VolumeId = mount.VolumeHandle, StagingTargetPath = mount.StagingPath, VolumeCapability = capability });
        await Node(world).NodePublishVolumeAsync(new NodePublishVolumeRequest { VolumeId = mount.VolumeHandle, StagingTargetPath = mount.StagingPath, TargetPath = mount.TargetPath, VolumeCapability = capability });
        world.Mounts.Add(mount);
        return mount;
    }

    private static async Task<long> NodeSeesAsync(SidecarWorld world, NodeMount mount) =>
        (await Node(world).NodeGetVolumeStatsAsync(new NodeGetVolumeStatsRequest { VolumeId = mount.VolumeHandle, VolumePath = mount.TargetPath })).Usage.Single().Total;

    private static Node.NodeClient Node(SidecarWorld world) => new(world.Driver(Driver).CreateCallInvoker());
}
