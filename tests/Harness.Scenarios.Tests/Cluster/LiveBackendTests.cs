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
    private const string Ns = "default";
    private static readonly TimeSpan WaitAtMost = TimeSpan.FromSeconds(90);

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

        await client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(Claim("disk-a"), Ns);
        await client.CustomObjects.CreateNamespacedCustomObjectAsync(VirtualMachine(), "kubevirt.io", "v1", Ns, "virtualmachines");
        await WaitForAsync("VMI Running with its agent", async () => await VmiAsync(client) is { } vmi
            && vmi["status"]?["phase"]?.GetValue<string>() == "Running"
            && vmi["status"]?["conditions"]?.AsArray().Any(c => c?["type"]?.GetValue<string>() == "AgentConnected") == true);

        await kubectl.RunAsync("get", "--raw", "/apis/subresources.kubevirt.io/v1");
        await kubectl.RunAsync(["replace", "--raw", $"/apis/subresources.kubevirt.io/v1/namespaces/{Ns}/virtualmachineinstances/vm1/freeze", "-f", "-"], "{\"unfreezeTimeout\":\"5m0s\"}");
        await WaitForAsync("fsFreezeStatus frozen", async () => (await VmiAsync(client))?["status"]?["fsFreezeStatus"]?.GetValue<string>() == "frozen");
        await client.CustomObjects.CreateNamespacedCustomObjectAsync(
            new JsonObject
            {
                ["apiVersion"] = "snapshot.storage.k8s.io/v1",
                ["kind"] = "VolumeSnapshot",
                ["metadata"] = new JsonObject { ["name"] = "disk-a-snap" },
                ["spec"] = new JsonObject { ["source"] = new JsonObject { ["persistentVolumeClaimName"] = "disk-a" } },
            },
            "snapshot.storage.k8s.io", "v1", Ns, "volumesnapshots");
        await WaitForAsync("VolumeSnapshot ready", async () =>
            (await client.CustomObjects.GetNamespacedCustomObjectAsync<JsonObject>("snapshot.storage.k8s.io", "v1", Ns, "volumesnapshots", "disk-a-snap"))["status"]?["readyToUse"]?.GetValue<bool>() == true);
        await kubectl.RunAsync(["replace", "--raw", $"/apis/subresources.kubevirt.io/v1/namespaces/{Ns}/virtualmachineinstances/vm1/unfreeze", "-f", "-"], "{}");
        await WaitForAsync("fsFreezeStatus cleared", async () => (await VmiAsync(client))?["status"]?["fsFreezeStatus"] is null);

        var restored = Claim("disk-a-restored");
        restored.Spec.DataSource = new V1TypedLocalObjectReference { ApiGroup = "snapshot.storage.k8s.io", Kind = "VolumeSnapshot", Name = "disk-a-snap" };
        await client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(restored, Ns);
        await WaitForAsync("restored claim Bound", async () => (await client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("disk-a-restored", Ns)).Status?.Phase == "Bound");
    }

    private static async Task<JsonObject?> VmiAsync(IKubernetes client)
    {
        try
        {
            return await client.CustomObjects.GetNamespacedCustomObjectAsync<JsonObject>("kubevirt.io", "v1", Ns, "virtualmachineinstances", "vm1");
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private static async Task WaitForAsync(string what, Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(WaitAtMost);
        while (!await condition())
        {
            Assert.False(timeout.IsCancellationRequested, $"not reached within {WaitAtMost}: {what}");
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }

    private static V1PersistentVolumeClaim Claim(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PersistentVolumeClaimSpec
        {
            AccessModes = ["ReadWriteOnce"],
            StorageClassName = CsiStackOptions.DefaultStorageClassName,
            VolumeMode = "Block",
            Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new("16Mi") } },
        },
    };

    private static JsonObject VirtualMachine() => JsonNode.Parse("""
        {"apiVersion":"kubevirt.io/v1","kind":"VirtualMachine","metadata":{"name":"vm1"},
         "spec":{"runStrategy":"Always","template":{"spec":{
           "domain":{"devices":{"disks":[{"name":"disk-a","disk":{"bus":"virtio"}}]},"resources":{"requests":{"memory":"128Mi"}}},
           "volumes":[{"name":"disk-a","persistentVolumeClaim":{"claimName":"disk-a"}}]}}}}
        """)!.AsObject();
}
