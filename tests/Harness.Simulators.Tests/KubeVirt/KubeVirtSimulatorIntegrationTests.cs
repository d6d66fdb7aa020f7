using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Harness.EnvTest.Tests.Backends;

namespace Harness.Simulators.Tests.KubeVirt;

[Collection(KubeVirtCollection.Name)]
public sealed class KubeVirtSimulatorIntegrationTests(KubeVirtWorlds worlds)
{
    [SkippableTheory, Backends]
    public async Task Start_KubeVirtObjectMissing_CreatesItWithFeatureGatesDeployed(Backend backend)
    {
        await using var world = await worlds.StartAsync(backend, featureGates: ["Snapshot"]);

        var kubeVirt = await KubeVirtWorld.EventuallyAsync(
            () => world.Client.CustomObjects.GetNamespacedCustomObjectAsync<JsonObject>("kubevirt.io", "v1", "kubevirt", "kubevirts", "kubevirt")!,
            k => k?["status"]?["phase"]?.GetValue<string>() == "Deployed",
            "KubeVirt Deployed");

        Assert.Equal(["Snapshot"], kubeVirt["spec"]!["configuration"]!["developerConfiguration"]!["featureGates"]!.AsArray().Select(g => g!.GetValue<string>()));
    }

    [SkippableTheory, Backends]
    public async Task VmAlways_Created_RunsVmiWithOwnerRevisionAndAgent(Backend backend)
    {
        await using var world = await worlds.StartAsync(backend);
        var vm = await world.CreateVmAsync(Manifests.Vm("vm1", "Always", null, Manifests.ContainerDisk("root")));

        var running = await KubeVirtWorld.EventuallyAsync(
            () => world.VmAsync("vm1"),
            v => v?["status"]?["printableStatus"]?.GetValue<string>() == "Running" && v["status"]!["ready"]?.GetValue<bool>() == true
                && v["status"]!["conditions"]!.AsArray().Any(c => c!["type"]!.GetValue<string>() == "AgentConnected"),
            "VM Running, ready, agent connected");
        var vmi = (await world.VmiAsync("vm1"))!;

        Assert.True(running["status"]!["created"]!.GetValue<bool>());
        Assert.Equal("Always", running["status"]!["runStrategy"]!.GetValue<string>());
        Assert.Equal("Running", vmi["status"]!["phase"]!.GetValue<string>());
        var owner = vmi["metadata"]!["ownerReferences"]![0]!;
        Assert.Equal(vm["metadata"]!["uid"]!.GetValue<string>(), owner["uid"]!.GetValue<string>());
        Assert.True(owner["controller"]!.GetValue<bool>());
        var revisionName = vmi["status"]!["virtualMachineRevisionName"]!.GetValue<string>();
        Assert.Equal($"revision-start-vm-{vm["metadata"]!["uid"]}-{vm["metadata"]!["generation"]}", revisionName);
        var revision = await world.Client.AppsV1.ReadNamespacedControllerRevisionAsync(revisionName, world.Namespace);
        var data = JsonNode.Parse(KubernetesJson.Serialize(revision.Data))!;
        Assert.Equal("Always", data["spec"]!["runStrategy"]!.GetValue<string>());
        Assert.Contains(vmi["status"]!["conditions"]!.AsArray(), c => c!["type"]!.GetValue<string>() == "AgentConnected");
    }
}
