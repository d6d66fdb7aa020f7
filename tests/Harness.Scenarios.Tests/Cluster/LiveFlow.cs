using System.Net;
using System.Text.Json.Nodes;
using Harness.EnvTest.Environment;
using Harness.Scenarios.Cluster;
using Harness.Simulators.Csi.Stack;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Harness.Scenarios.Tests.Cluster;

/// <summary>The objects and waits of the live end-to-end flows: one VM <c>vm1</c> on the Block claim <c>disk-a</c>, in <c>default</c>.</summary>
internal static class LiveFlow
{
    public const string Ns = "default";
    public const string Vm = "vm1";
    private static readonly TimeSpan WaitAtMost = TimeSpan.FromSeconds(120);

    public static async Task<JsonObject?> VmiAsync(IKubernetes client)
    {
        try
        {
            return await client.CustomObjects.GetNamespacedCustomObjectAsync<JsonObject>("kubevirt.io", "v1", Ns, "virtualmachineinstances", Vm);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// A started environment on <paramref name="backend"/> (<c>embedded</c>, or <c>binaries</c> when <c>KUBEBUILDER_ASSETS</c>
    /// names etcd and kube-apiserver; the test is skipped otherwise) that applies KubeVirt's VM rules.
    /// </summary>
    public static async Task<TestEnvironment> StartEnvironmentAsync(string backend)
    {
        var binaries = TestEnvironment.BinaryOptions(new TestEnvironmentOptions() { TimeProvider = TimeProvider.System, TaskFactory = Task.Factory });
        Skip.If(backend == "binaries" && binaries is null, "set KUBEBUILDER_ASSETS to a folder with etcd and kube-apiserver (export KUBEBUILDER_ASSETS=\"$(../shared/reference-binaries/unpack)\")");
        var environment = new TestEnvironment(new TestEnvironmentOptions
        {
            TimeProvider = TimeProvider.System,
            TaskFactory = Task.Factory,
            Backend = backend == "binaries" ? new BinaryApiServerBackend(binaries!) : null,
            EnvironmentVariable = _ => null,
            WebhookInstallOptions = new WebhookInstallOptions { Webhooks = HarnessCluster.Webhooks },
        });
        try
        {
            await environment.StartAsync();
            return environment;
        }
        catch
        {
            await environment.DisposeAsync();
            throw;
        }
    }

    public static Task WaitForRunningAgentAsync(IKubernetes client) =>
        WaitForAsync("VMI Running with its agent", async () => await VmiAsync(client) is { } vmi
            && vmi["status"]?["phase"]?.GetValue<string>() == "Running"
            && vmi["status"]?["conditions"]?.AsArray().Any(c => c?["type"]?.GetValue<string>() == "AgentConnected") == true);

    /// <summary>Polls in real time until <paramref name="condition"/> holds; fails after two minutes.</summary>
    public static async Task WaitForAsync(string what, Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(WaitAtMost);
        while (!await condition())
        {
            Assert.False(timeout.IsCancellationRequested, $"not reached within {WaitAtMost}: {what}");
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }

    public static V1PersistentVolumeClaim Claim(string name) => new()
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

    public static JsonObject VirtualMachine() => JsonNode.Parse("""
        {"apiVersion":"kubevirt.io/v1","kind":"VirtualMachine","metadata":{"name":"vm1"},
         "spec":{"runStrategy":"Always","template":{"spec":{
           "domain":{"devices":{"disks":[{"name":"disk-a","disk":{"bus":"virtio"}}]},"resources":{"requests":{"memory":"128Mi"}}},
           "volumes":[{"name":"disk-a","persistentVolumeClaim":{"claimName":"disk-a"}}]}}}}
        """)!.AsObject();
}
