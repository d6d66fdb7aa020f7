using System.Text.Json.Nodes;
using Harness.Reconciling;
using Harness.Scenarios.Cluster;
using Harness.Simulators.Csi;
using Harness.Simulators.Csi.Provisioner;
using k8s;
using k8s.Models;

namespace Harness.Scenarios.Tests.Cluster;

/// <summary>
/// A running VM's filesystem claim grown through the API on every backend: the resizer's ControllerExpandVolume on the
/// <c>harness-csi-driver</c> process, then kubelet's NodeExpandVolume at the path the disk is published to for the guest,
/// then the claim's capacity. The real-binary backend runs when <c>KUBEBUILDER_ASSETS</c> names etcd and kube-apiserver.
/// </summary>
public sealed class LiveVolumeExpansionTests
{
    private const long MiB = 1024 * 1024;

    [SkippableTheory]
    [InlineData("embedded")]
    [InlineData("binaries")]
    public async Task RunningVmFilesystemClaim_RequestGrows_NodeExpandsAndClaimTakesTheCapacity(string backend)
    {
        await using var environment = await LiveFlow.StartEnvironmentAsync(backend);
        await using var live = await LiveCluster.StartAsync(environment, TimeProvider.System);
        var client = environment.Client;
        await client.StorageV1.CreateStorageClassAsync(new V1StorageClass
        {
            Metadata = new V1ObjectMeta { Name = "growable" },
            Provisioner = CsiConstants.DefaultDriverName,
            AllowVolumeExpansion = true,
            VolumeBindingMode = "Immediate",
        });
        var claim = LiveFlow.Claim("disk-a");
        claim.Spec.StorageClassName = "growable";
        claim.Spec.VolumeMode = "Filesystem";
        await client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(claim, LiveFlow.Ns);
        await client.CustomObjects.CreateNamespacedCustomObjectAsync(LiveFlow.VirtualMachine(), "kubevirt.io", "v1", LiveFlow.Ns, "virtualmachines");
        await LiveFlow.WaitForRunningAgentAsync(client);

        await client.CoreV1.PatchNamespacedPersistentVolumeClaimAsync(
            MergePatches.Of(new JsonObject { ["spec"] = new JsonObject { ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["storage"] = "32Mi" } } } }),
            "disk-a",
            LiveFlow.Ns);

        V1PersistentVolumeClaim? grown = null;
        await LiveFlow.WaitForAsync("claim disk-a at 32Mi", async () =>
            (grown = await client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("disk-a", LiveFlow.Ns)).Status.Capacity["storage"].ToInt64() == 32 * MiB);
        Assert.Null(grown!.Status.AllocatedResourceStatuses);
        Assert.Null(grown.Status.Conditions is { Count: > 0 } ? grown.Status.Conditions : null);
        Assert.Equal(32 * MiB, (await client.CoreV1.ReadPersistentVolumeAsync(grown.Spec.VolumeName)).Spec.Capacity["storage"].ToInt64());
        var events = new List<Corev1Event>();
        await LiveFlow.WaitForAsync("FileSystemResizeSuccessful event", async () =>
        {
            events = [.. (await client.CoreV1.ListNamespacedEventAsync(LiveFlow.Ns)).Items.Where(e => e.InvolvedObject.Name == "disk-a")];
            return events.Any(e => e.Reason == ResizeConstants.FileSystemResizeSuccessfulReason);
        });
        Assert.Contains(events, e => e.Reason == ResizeConstants.FileSystemResizeRequiredReason);
        Assert.DoesNotContain(events, e => e.Type == "Warning");
    }
}
