using System.Net;
using System.Text.Json.Nodes;
using Harness.Scenarios.Cluster;
using Harness.Simulators.Csi.Stack;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Harness.Scenarios.Tests.Cluster;

/// <summary>
/// The same end-to-end flow on every backend: a VM on a PVC runs with its guest agent, is frozen and thawed through
/// kubectl (the aggregated <c>subresources.kubevirt.io</c> API), a VolumeSnapshot of its disk becomes ready, and a PVC
/// restored from it binds. The real-binary backend runs when <c>KUBEBUILDER_ASSETS</c> names etcd and kube-apiserver.
/// </summary>
public sealed class LiveBackendTests
{

    [SkippableTheory]
    [InlineData("embedded")]
    [InlineData("binaries")]
    public async Task VmFrozenThroughKubectl_SnapshotReady_RestoredClaimBound(string backend)
    {
        await using var environment = await LiveFlow.StartEnvironmentAsync(backend);
        await using var live = await LiveCluster.StartAsync(environment, TimeProvider.System);
        var client = environment.Client;
        var kubectl = new Kubectl(environment.KubeconfigPath);

        await client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(LiveFlow.Claim("disk-a"), LiveFlow.Ns);
        await client.CustomObjects.CreateNamespacedCustomObjectAsync(LiveFlow.VirtualMachine(), "kubevirt.io", "v1", LiveFlow.Ns, "virtualmachines");
        await LiveFlow.WaitForRunningAgentAsync(client);

        await kubectl.RunAsync("get", "--raw", "/apis/subresources.kubevirt.io/v1");
        await kubectl.RunAsync(["replace", "--raw", $"/apis/subresources.kubevirt.io/v1/namespaces/{LiveFlow.Ns}/virtualmachineinstances/vm1/freeze", "-f", "-"], "{\"unfreezeTimeout\":\"5m0s\"}");
        await LiveFlow.WaitForAsync("fsFreezeStatus frozen", async () => (await LiveFlow.VmiAsync(client))?["status"]?["fsFreezeStatus"]?.GetValue<string>() == "frozen");
        await client.CustomObjects.CreateNamespacedCustomObjectAsync(
            new JsonObject
            {
                ["apiVersion"] = "snapshot.storage.k8s.io/v1",
                ["kind"] = "VolumeSnapshot",
                ["metadata"] = new JsonObject { ["name"] = "disk-a-snap" },
                ["spec"] = new JsonObject { ["source"] = new JsonObject { ["persistentVolumeClaimName"] = "disk-a" } },
            },
            "snapshot.storage.k8s.io", "v1", LiveFlow.Ns, "volumesnapshots");
        await LiveFlow.WaitForAsync("VolumeSnapshot ready", async () =>
            (await client.CustomObjects.GetNamespacedCustomObjectAsync<JsonObject>("snapshot.storage.k8s.io", "v1", LiveFlow.Ns, "volumesnapshots", "disk-a-snap"))["status"]?["readyToUse"]?.GetValue<bool>() == true);
        await kubectl.RunAsync(["replace", "--raw", $"/apis/subresources.kubevirt.io/v1/namespaces/{LiveFlow.Ns}/virtualmachineinstances/vm1/unfreeze", "-f", "-"], "{}");
        await LiveFlow.WaitForAsync("fsFreezeStatus cleared", async () => (await LiveFlow.VmiAsync(client))?["status"]?["fsFreezeStatus"] is null);

        var restored = LiveFlow.Claim("disk-a-restored");
        restored.Spec.DataSource = new V1TypedLocalObjectReference { ApiGroup = "snapshot.storage.k8s.io", Kind = "VolumeSnapshot", Name = "disk-a-snap" };
        await client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(restored, LiveFlow.Ns);
        await LiveFlow.WaitForAsync("restored claim Bound", async () => (await client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("disk-a-restored", LiveFlow.Ns)).Status?.Phase == "Bound");
    }
}
