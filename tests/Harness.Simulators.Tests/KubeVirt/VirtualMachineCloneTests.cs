using System.Text.Json.Nodes;
using Harness.EnvTest.Tests.Backends;
using k8s;
using k8s.Models;
using static Harness.Simulators.Tests.KubeVirt.Conditions;

namespace Harness.Simulators.Tests.KubeVirt;

/// <summary>
/// The simulator's VirtualMachineClone controller with the test playing the snapshot and restore controllers: the
/// snapshot it takes, the restore it makes from the snapshot's VM, the target it waits for, the clean-up, a missing
/// source, and the clone deleted with its target.
/// </summary>
[Collection(KubeVirtCollection.Name)]
public sealed class VirtualMachineCloneTests(KubeVirtWorlds worlds)
{
    private const string Snapshots = "virtualmachinesnapshots";
    private const string Restores = "virtualmachinerestores";

    [SkippableTheory, Backends]
    public async Task Clone_SnapshotRestoreTargetThenCleanUp_Succeeded(Backend backend)
    {
        await using var world = await worlds.StartAsync(backend);
        await world.CreateVmAsync(Manifests.Vm("vm1", "Halted"));
        await world.CreateAsync("clone.kubevirt.io", "v1beta1", "virtualmachineclones", Clone("c1", "vm1", "vm1-copy"));

        var taking = await KubeVirtWorld.EventuallyAsync(() => CloneAsync(world), c => Str(c, "status", "snapshotName") is not null, "snapshot named");
        Assert.Equal("SnapshotInProgress", Phase(taking));
        Assert.Equal(("True", "Still processing"), ConditionOf(taking, "Progressing"));
        var snapshotName = Str(taking, "status", "snapshotName")!;
        Assert.Matches("^clone-c1-snapshot-vm1-[bcdfghjklmnpqrstvwxz2456789]{5}$", snapshotName);
        var snapshot = (await world.GetAsync("snapshot.kubevirt.io", "v1beta1", Snapshots, snapshotName))!;
        Assert.Equal("vm1", Str(snapshot, "spec", "source", "name"));
        Assert.Equal("VirtualMachineClone", Str(snapshot["metadata"]!["ownerReferences"]![0]!.AsObject(), "kind"));

        await ReadySnapshotAsync(world, snapshotName);
        var restoring = await KubeVirtWorld.EventuallyAsync(() => CloneAsync(world), c => Str(c, "status", "restoreName") is not null, "restore named");
        Assert.Equal("RestoreInProgress", Phase(restoring));
        var restoreName = Str(restoring, "status", "restoreName")!;
        var restore = (await world.GetAsync("snapshot.kubevirt.io", "v1beta1", Restores, restoreName))!;
        Assert.Equal(("vm1-copy", snapshotName), (Str(restore, "spec", "target", "name"), Str(restore, "spec", "virtualMachineSnapshotName")));
        Assert.Equal(
            ["""{"op":"replace","path":"/spec/template/spec/domain/devices/interfaces/0/macAddress","value":""}"""],
            restore["spec"]!["patches"]!.AsArray().Select(p => p!.GetValue<string>()));

        await PatchStatusAsync(world, Restores, restoreName, new JsonObject { ["complete"] = true });
        await KubeVirtWorld.EventuallyAsync(() => CloneAsync(world), c => Phase(c) == "CreatingTargetVM", "CreatingTargetVM");
        await world.CreateVmAsync(Manifests.Vm("vm1-copy", "Halted"));

        var done = await KubeVirtWorld.EventuallyAsync(() => CloneAsync(world), c => Phase(c) == "Succeeded" && Str(c, "status", "restoreName") is null, "Succeeded and cleaned up");
        Assert.Equal("vm1-copy", Str(done, "status", "targetName"));
        Assert.Null(Str(done, "status", "snapshotName"));
        Assert.Equal(("False", "Ready"), ConditionOf(done, "Progressing"));
        Assert.Equal(("True", "Ready"), ConditionOf(done, "Ready"));
        Assert.Null(await world.GetAsync("snapshot.kubevirt.io", "v1beta1", Snapshots, snapshotName));
        Assert.Null(await world.GetAsync("snapshot.kubevirt.io", "v1beta1", Restores, restoreName));
        var events = await world.Client.CoreV1.ListNamespacedEventAsync(world.Namespace);
        Assert.Superset(
            new HashSet<string> { "SnapshotCreated", "SnapshotReady", "RestoreCreated", "RestoreReady", "TargetVMCreated", "PVCBound" },
            events.Items.Where(e => e.InvolvedObject.Name == "c1").Select(e => e.Reason).ToHashSet());

        await world.Client.CustomObjects.DeleteNamespacedCustomObjectAsync("kubevirt.io", "v1", world.Namespace, "virtualmachines", "vm1-copy");
        await KubeVirtWorld.EventuallyAsync(() => CloneAsync(world), c => c is null, "clone deleted with its target");
    }

    [SkippableTheory, Backends]
    public async Task Clone_SourceMissing_Failed(Backend backend)
    {
        await using var world = await worlds.StartAsync(backend);

        await world.CreateAsync("clone.kubevirt.io", "v1beta1", "virtualmachineclones", Clone("c1", "nope", "copy"));

        var failed = await KubeVirtWorld.EventuallyAsync(() => CloneAsync(world), c => Phase(c) == "Failed", "Failed");
        Assert.Equal(("False", "Failed"), ConditionOf(failed, "Ready"));
        var events = await world.Client.CoreV1.ListNamespacedEventAsync(world.Namespace);
        Assert.Contains(events.Items, e => e.Reason == "SourceDoesNotExist" && e.Message == $"VirtualMachine nope does not exist in namespace {world.Namespace}");
    }

    private static JsonObject Clone(string name, string source, string target) => new()
    {
        ["apiVersion"] = "clone.kubevirt.io/v1beta1",
        ["kind"] = "VirtualMachineClone",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject
        {
            ["source"] = new JsonObject { ["apiGroup"] = "kubevirt.io", ["kind"] = "VirtualMachine", ["name"] = source },
            ["target"] = new JsonObject { ["apiGroup"] = "kubevirt.io", ["kind"] = "VirtualMachine", ["name"] = target },
        },
    };

    /// <summary>As the snapshot controller would: a content holding the VM (one interface) and the snapshot ready.</summary>
    private static async Task ReadySnapshotAsync(KubeVirtWorld world, string snapshotName)
    {
        var vm = Manifests.Vm("vm1", "Halted");
        vm["metadata"]!["namespace"] = world.Namespace;
        vm["spec"]!["template"]!["spec"]!["domain"]!["devices"]!["interfaces"] = new JsonArray(new JsonObject { ["name"] = "default", ["masquerade"] = new JsonObject() });
        await world.CreateAsync("snapshot.kubevirt.io", "v1beta1", "virtualmachinesnapshotcontents", new JsonObject
        {
            ["apiVersion"] = "snapshot.kubevirt.io/v1beta1",
            ["kind"] = "VirtualMachineSnapshotContent",
            ["metadata"] = new JsonObject { ["name"] = "content-1" },
            ["spec"] = new JsonObject { ["virtualMachineSnapshotName"] = snapshotName, ["source"] = new JsonObject { ["virtualMachine"] = vm } },
        });
        await PatchStatusAsync(world, Snapshots, snapshotName, new JsonObject { ["readyToUse"] = true, ["virtualMachineSnapshotContentName"] = "content-1" });
    }

    private static Task PatchStatusAsync(KubeVirtWorld world, string plural, string name, JsonObject status)
        => world.Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch(new JsonObject { ["status"] = status }.ToJsonString(), V1Patch.PatchType.MergePatch), "snapshot.kubevirt.io", "v1beta1", world.Namespace, plural, name);

    private static Task<JsonObject?> CloneAsync(KubeVirtWorld world) => world.GetAsync("clone.kubevirt.io", "v1beta1", "virtualmachineclones", "c1");

    private static string? Str(JsonObject? obj, params string[] path)
    {
        JsonNode? node = obj;
        foreach (var part in path)
        {
            node = node?[part];
        }

        return node?.GetValue<string>();
    }

    private static (string?, string?) ConditionOf(JsonObject? clone, string type)
    {
        var condition = clone?["status"]?["conditions"]?.AsArray().FirstOrDefault(c => c!["type"]!.GetValue<string>() == type);
        return (condition?["status"]?.GetValue<string>(), condition?["reason"]?.GetValue<string>());
    }
}
