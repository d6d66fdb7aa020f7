using System.Net;
using System.Text.Json.Nodes;
using Harness.EnvTest.Environment;
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
        var binaries = TestEnvironment.BinaryOptions(new TestEnvironmentOptions() { TimeProvider = TimeProvider.System, TaskFactory = Task.Factory });
        Skip.If(backend == "binaries" && binaries is null, "set KUBEBUILDER_ASSETS to a folder with etcd and kube-apiserver (export KUBEBUILDER_ASSETS=\"$(../shared/reference-binaries/unpack)\")");
        await using var environment = new TestEnvironment(new TestEnvironmentOptions
        {
            TimeProvider = TimeProvider.System,
            TaskFactory = Task.Factory,
            Backend = backend == "binaries" ? new BinaryApiServerBackend(binaries!) : null,
            EnvironmentVariable = _ => null,
            WebhookInstallOptions = new WebhookInstallOptions { Webhooks = HarnessCluster.Webhooks },
        });
        await environment.StartAsync();
        await using var live = await LiveCluster.StartAsync(environment, TimeProvider.System);
        var client = environment.Client;
        var kubectl = new Kubectl(environment.KubeconfigPath);

        await client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(LiveFlow.Claim("disk-a"), LiveFlow.Ns);
        await client.CustomObjects.CreateNamespacedCustomObjectAsync(LiveFlow.VirtualMachine(), "kubevirt.io", "v1", LiveFlow.Ns, "virtualmachines");
        await LiveFlow.WaitForAsync("VMI Running with its agent", async () => await LiveFlow.VmiAsync(client) is { } vmi
            && vmi["status"]?["phase"]?.GetValue<string>() == "Running"
            && vmi["status"]?["conditions"]?.AsArray().Any(c => c?["type"]?.GetValue<string>() == "AgentConnected") == true);

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
