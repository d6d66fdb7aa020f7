using System.Net;
using System.Text.Json.Nodes;
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

    [Fact]
    public async Task Flow_SidecarsKubeVirtAndDriverProcessCrashedMidway_Completes()
    {
        await using var environment = await LiveFlow.StartEnvironmentAsync("embedded");
        await using var live = await LiveCluster.StartAsync(environment, TimeProvider.System);
        var cluster = live.Cluster;
        var client = environment.Client;

        await cluster.Storage.CrashAsync();
        await client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(LiveFlow.Claim("disk-a"), LiveFlow.Ns);
        await cluster.Storage.StartAsync(CancellationToken.None);
        await LiveFlow.WaitForAsync("claim Bound", async () => (await client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("disk-a", LiveFlow.Ns)).Status?.Phase == "Bound");

        await client.CustomObjects.CreateNamespacedCustomObjectAsync(LiveFlow.VirtualMachine(), "kubevirt.io", "v1", LiveFlow.Ns, "virtualmachines");
        await cluster.KubeVirt.CrashAsync();
        await cluster.KubeVirt.StartAsync(CancellationToken.None);
        await LiveFlow.WaitForRunningAgentAsync(client);

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
            "snapshot.storage.k8s.io", "v1", LiveFlow.Ns, "volumesnapshots");
        await driver.StartAsync(CancellationToken.None);
        await LiveFlow.WaitForAsync("VolumeSnapshot ready", async () =>
            (await client.CustomObjects.GetNamespacedCustomObjectAsync<JsonObject>("snapshot.storage.k8s.io", "v1", LiveFlow.Ns, "volumesnapshots", "disk-a-snap"))["status"]?["readyToUse"]?.GetValue<bool>() == true);

        Assert.Equal(
            [ComponentNames.StorageSidecars, ComponentNames.KubeVirt, driver.Name],
            cluster.Events.Of(DomainEventKind.ComponentCrashed).Select(e => e.Component));
        // The observer records from its own watch, which may trail the read above.
        await LiveFlow.WaitForAsync("VolumeSnapshotReady in the event log", () => Task.FromResult(
            cluster.Events.Events.Any(e => e.Kind == DomainEventKind.VolumeSnapshotReady && e.Subject == "volumesnapshot default/disk-a-snap")));
    }
}
