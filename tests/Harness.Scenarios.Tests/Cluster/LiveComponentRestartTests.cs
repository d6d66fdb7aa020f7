using System.Net;
using System.Text.Json.Nodes;
using Harness.EnvTest.Environment;
using Harness.Scenarios.Cluster;
using Harness.Scenarios.Cluster.Components;
using Harness.Scenarios.Cluster.Events;
using Harness.Simulators.Csi.Stack;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Harness.Scenarios.Tests.Cluster;

/// <summary>The live cluster (HTTPS API server, driver and agent processes): each component crashed mid-flow and restarted.</summary>
public sealed class LiveComponentRestartTests
{
    private const string Ns = "default";
    private const string Vm = "vm1";
    private static readonly TimeSpan WaitAtMost = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Flow_SidecarsKubeVirtAndDriverProcessCrashedMidway_Completes()
    {
        await using var environment = new TestEnvironment(new TestEnvironmentOptions
        {
            TimeProvider = TimeProvider.System,
            TaskFactory = Task.Factory,
            EnvironmentVariable = _ => null,
            WebhookInstallOptions = new WebhookInstallOptions { Webhooks = HarnessCluster.Webhooks },
        });
        await environment.StartAsync();
        await using var live = await LiveCluster.StartAsync(environment, TimeProvider.System);
        var cluster = live.Cluster;
        var client = environment.Client;

        await cluster.Storage.CrashAsync();
        await client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(Claim("disk-a"), Ns);
        await cluster.Storage.StartAsync(CancellationToken.None);
        await WaitForAsync("claim Bound", async () => (await client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("disk-a", Ns)).Status?.Phase == "Bound");

        await client.CustomObjects.CreateNamespacedCustomObjectAsync(VirtualMachine(), "kubevirt.io", "v1", Ns, "virtualmachines");
        await cluster.KubeVirt.CrashAsync();
        await cluster.KubeVirt.StartAsync(CancellationToken.None);
        await WaitForAsync("VMI Running with its agent", async () => await VmiAsync(client) is { } vmi
            && vmi["status"]?["phase"]?.GetValue<string>() == "Running"
            && vmi["status"]?["conditions"]?.AsArray().Any(c => c?["type"]?.GetValue<string>() == "AgentConnected") == true);

        var driver = cluster.Component(ComponentNames.CsiDriver(Simulators.Csi.CsiConstants.DefaultDriverName));
        await driver.CrashAsync();
        await client.CustomObjects.CreateNamespacedCustomObjectAsync(
            new JsonObject
            {
                ["apiVersion"] = "snapshot.storage.k8s.io/v1",
                ["kind"] = "VolumeSnapshot",
                ["metadata"] = new JsonObject { ["name"] = "disk-a-snap" },
                ["spec"] = new JsonObject { ["source"] = new JsonObject { ["persistentVolumeClaimName"] = "disk-a" } },
            },
            "snapshot.storage.k8s.io", "v1", Ns, "volumesnapshots");
        await driver.StartAsync(CancellationToken.None);
        await WaitForAsync("VolumeSnapshot ready", async () =>
            (await client.CustomObjects.GetNamespacedCustomObjectAsync<JsonObject>("snapshot.storage.k8s.io", "v1", Ns, "volumesnapshots", "disk-a-snap"))["status"]?["readyToUse"]?.GetValue<bool>() == true);

        Assert.Equal(
            [ComponentNames.StorageSidecars, ComponentNames.KubeVirt, driver.Name],
            cluster.Events.Of(DomainEventKind.ComponentCrashed).Select(e => e.Component));
        // The observer records from its own watch, which may trail the read above.
        await WaitForAsync("VolumeSnapshotReady in the event log", () => Task.FromResult(
            cluster.Events.Events.Any(e => e.Kind == DomainEventKind.VolumeSnapshotReady && e.Subject == "volumesnapshot default/disk-a-snap")));
    }

    private static async Task<JsonObject?> VmiAsync(IKubernetes client)
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
