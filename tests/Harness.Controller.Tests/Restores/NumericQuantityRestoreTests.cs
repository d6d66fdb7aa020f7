using System.Text.Json.Nodes;
using Harness.Api.KubeVirt;
using Harness.Api.Snapshots;
using Harness.Controller.Tests.World;
using k8s;

namespace Harness.Controller.Tests.Restores;

/// <summary>
/// A VM whose memory and CPU are JSON numbers (valid quantities: <c>x-kubernetes-int-or-string</c>) runs, is snapshotted
/// online and restored, in place and as a new VM, with its domain written back exactly as it was.
/// </summary>
[Collection(SecondWorldCollection.Name)]
public sealed class NumericQuantityRestoreTests(LiveWorldFixture worlds)
{
    private const string NumericDomain = """{"resources":{"requests":{"memory":134217728,"cpu":1},"limits":{"cpu":2}},"memory":{"guest":134217728}}""";

    [SkippableTheory, Worlds]
    public Task VmWithNumericQuantities_OnlineSnapshotRestoredInPlaceAndAsNewVm_DomainKeptAsWritten(WorldKind kind) => worlds.RunAsync(kind, async world =>
    {
        await world.CreateBoundClaimsAsync("disk-a");
        await world.CreateVmAsync(new VmDefinition("vm1") { Claims = ["disk-a"], RunStrategy = "Halted" });
        await world.PatchVmAsync("vm1", """{"spec":{"template":{"spec":{"domain":""" + NumericDomain + "}}}}");
        var domain = await JsonAtAsync(world, KubeVirtApi.VirtualMachinePlural, "vm1", "spec", "template", "spec", "domain");
        Assert.Equal(134217728, domain["resources"]!["requests"]!["memory"]!.GetValue<long>());
        await world.StartVmAsync("vm1");
        await world.WaitRunningAsync("vm1");
        Assert.True(JsonNode.DeepEquals(domain["resources"], (await JsonAtAsync(world, KubeVirtApi.VirtualMachineInstancePlural, "vm1", "spec", "domain"))["resources"]));

        var snapshot = await world.TakeSnapshotAsync("snap1", "vm1");
        Assert.Contains(SnapshotApi.IndicationOnline, snapshot.Status!.Indications!);
        var content = await world.Client.CustomObjects.GetNamespacedCustomObjectAsync<JsonObject>(
            SnapshotApi.Group, SnapshotApi.StorageVersion, world.Namespace, SnapshotApi.ContentPlural, SnapshotApi.ContentName(snapshot.Metadata.Uid));
        var captured = content["spec"]!["source"]!["virtualMachine"]!["spec"]!["template"]!["spec"]!["domain"]!;
        Assert.True(JsonNode.DeepEquals(domain, captured), $"written {domain.ToJsonString()}\ncaptured {captured.ToJsonString()}");

        await world.StopVmAsync("vm1");
        await world.PatchVmAsync("vm1", """{"spec":{"template":{"spec":{"domain":{"resources":{"requests":{"memory":"256Mi"}},"memory":{"guest":"256Mi"}}}}}}""");
        await world.CreateRestoreAsync("restore1", "vm1", "snap1");
        await world.WaitRestoreCompleteAsync("restore1", "vm1");
        await world.CreateRestoreAsync("restore2", "vm2", "snap1");
        var restore = await world.WaitRestoreCompleteAsync("restore2", "vm2");

        foreach (var vm in new[] { "vm1", "vm2" })
        {
            var restored = await JsonAtAsync(world, KubeVirtApi.VirtualMachinePlural, vm, "spec", "template", "spec", "domain");
            restored.AsObject().Remove("firmware"); // the restore pins the source's firmware UUID
            Assert.True(JsonNode.DeepEquals(domain, restored), $"{vm}: written {domain.ToJsonString()}\nrestored {restored.ToJsonString()}");
        }

        await world.AssertRestoredDataAsync(restore);
        await world.StartVmAsync("vm2");
        await world.WaitRunningAsync("vm2");
        Assert.True(JsonNode.DeepEquals(domain["resources"], (await JsonAtAsync(world, KubeVirtApi.VirtualMachineInstancePlural, "vm2", "spec", "domain"))["resources"]));
    });

    /// <summary>The object's JSON at <paramref name="path"/>, as the API server stores it (numbers stay numbers).</summary>
    private static async Task<JsonNode> JsonAtAsync(ControllerWorld world, string plural, string name, params string[] path)
    {
        JsonNode? node = await world.Client.CustomObjects.GetNamespacedCustomObjectAsync<JsonObject>(KubeVirtApi.Group, KubeVirtApi.Version, world.Namespace, plural, name);
        foreach (var segment in path)
        {
            node = node?[segment];
        }

        return node ?? throw new InvalidOperationException($"{plural}/{name} has no {string.Join('.', path)}");
    }
}
